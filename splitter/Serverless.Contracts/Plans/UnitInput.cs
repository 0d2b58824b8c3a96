using System.Text.Json.Serialization;

namespace Serverless.Contracts.Plans;

/// <summary>A variable a unit reads and the unit that produced it (null: an argument of the call).</summary>
public sealed record UnitInput(string Variable, int? ProducerUnit)
{
    /// <summary>
    /// The segment of <see cref="ProducerUnit"/> whose value is read: a unit may read one variable from several
    /// producers, and a producer may hand on one variable as it was after several of its segments. Null: the
    /// producing unit's value when it finished (plans built before segment outputs existed).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ProducerSegment { get; init; }
}
