namespace Serverless.Planning.Model;

/// <summary>A parameter of the analysed method: name and fully qualified type.</summary>
public sealed record GraphParameter(string Name, string Type);
