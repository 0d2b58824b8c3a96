namespace Serverless.Planning.Market;

/// <summary>Where some of a unit's inputs are (a region or the origin) and how many bytes.</summary>
public sealed record InputLocation(string Location, long Bytes);
