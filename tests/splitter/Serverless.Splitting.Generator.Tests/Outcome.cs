using System.Text.Json;
using Serverless.Annotations.Runtime;

namespace Serverless.Splitting.Generator.Tests;

/// <summary>A call's outcome compared by value: the result as JSON, or the exception's type and message.</summary>
internal sealed record Outcome(string? Json, string? ExceptionType, string? ExceptionMessage)
{
    public static async Task<Outcome> OfAsync(Func<Task<object?>> call, Type? resultType)
    {
        try
        {
            var value = await call();
            return new Outcome(resultType is null ? null : JsonSerializer.Serialize(value, resultType, SplitJson.Options), null, null);
        }
        catch (Exception ex)
        {
            return new Outcome(null, ex.GetType().FullName, ex.Message);
        }
    }
}
