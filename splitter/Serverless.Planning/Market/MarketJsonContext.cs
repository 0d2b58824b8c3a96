using System.Text.Json.Serialization;

namespace Serverless.Planning.Market;

/// <summary>Source-generated System.Text.Json context for the market contracts (entity state, bids, scaling), camelCase.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ComputeInstanceState))]
[JsonSerializable(typeof(BidRecord))]
[JsonSerializable(typeof(WorkRequest))]
[JsonSerializable(typeof(BidResult))]
[JsonSerializable(typeof(ReserveResult))]
[JsonSerializable(typeof(RegionMetrics))]
[JsonSerializable(typeof(ScalingDecision))]
[JsonSerializable(typeof(IReadOnlyList<ScalingDecision>))]
public sealed partial class MarketJsonContext : JsonSerializerContext;
