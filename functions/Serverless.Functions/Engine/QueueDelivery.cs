using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace Serverless.Functions.Engine;

/// <summary>What the Storage Queues trigger tells about a delivery.</summary>
internal static class QueueDelivery
{
    /// <summary>How many times the message was delivered (the trigger's <c>DequeueCount</c>), 1 when unknown.</summary>
    public static int DequeueCount(FunctionContext context)
        => context.BindingContext.BindingData.TryGetValue("DequeueCount", out var value) && int.TryParse(value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 1;
}
