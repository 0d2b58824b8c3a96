using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using Serverless.Orchestrations.Observability;

namespace Serverless.Azure.Telemetry;

/// <summary>
/// What an app of this system exports, and where: the engine's spans (<see cref="SplitterTelemetry"/>) and Durable
/// Task's, the engine's meter (<see cref="SplitterMetrics"/>) and the logs, all to Azure Monitor when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set. The Bicep deploys Application Insights with local
/// authentication disabled and sets <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> to
/// <c>ClientId={identity};Authorization=AAD</c>: the exporter then signs in with that managed identity, which holds
/// Monitoring Metrics Publisher on the component (without a credential, ingestion rejects every item).
/// </summary>
public static class AzureMonitorTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Adds the engine's sources and meter, and the Azure Monitor exporter for all three signals when configured.</summary>
    public static IOpenTelemetryBuilder AddSplitterTelemetry(this IOpenTelemetryBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.WithTracing(t => t.AddSource(SplitterTelemetry.SourceName, "Microsoft.DurableTask"))
            .WithMetrics(m => m.AddMeter(SplitterMetrics.MeterName));
        var connection = configuration[ConnectionStringSetting];
        if (!string.IsNullOrWhiteSpace(connection))
        {
            var credential = Credential(configuration);
            builder.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = connection;
                o.Credential = credential;
            });
        }

        return builder;
    }

    /// <summary>
    /// The exporter's credential: a managed identity when <see cref="Identity"/> finds one, else null (the connection
    /// string's instrumentation key alone, for components that allow local authentication).
    /// </summary>
    /// <exception cref="InvalidOperationException">The authentication string is malformed; the message names it.</exception>
    public static TokenCredential? Credential(IConfiguration configuration) => Identity(configuration) switch
    {
        null => null,
        { ClientId: null } => new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned),
        { ClientId: var clientId } => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)),
    };

    /// <summary>
    /// Which managed identity signs the exporter in, from <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (the format
    /// Application Insights documents: <c>Authorization=AAD</c>, optionally <c>ClientId=…</c> of a user-assigned
    /// identity; without a client id, <c>Serverless__ManagedIdentityClientId</c>, else the system-assigned identity).
    /// Null without that setting.
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting is present but not of that format; the message names it.</exception>
    public static TelemetryIdentity? Identity(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[AuthenticationStringSetting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidOperationException($"{AuthenticationStringSetting} has '{part}', which is not name=value: use 'Authorization=AAD' or 'ClientId=<client id>;Authorization=AAD'.");
            }

            parts[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{AuthenticationStringSetting} must say 'Authorization=AAD' (it is '{text}'); remove the setting to send with the instrumentation key only.");
        }

        var clientId = parts.GetValueOrDefault("ClientId");
        if (string.IsNullOrWhiteSpace(clientId))
        {
            clientId = configuration["Serverless:ManagedIdentityClientId"];
        }

        return new TelemetryIdentity(string.IsNullOrWhiteSpace(clientId) ? null : clientId);
    }
}

/// <summary>The managed identity the telemetry exporter signs in with: a user-assigned one by client id, or (null) the system-assigned one.</summary>
public sealed record TelemetryIdentity(string? ClientId);
