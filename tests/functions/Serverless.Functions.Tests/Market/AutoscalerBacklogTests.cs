using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Azure.Core;
using CsCheck;
using Azure.Core.Pipeline;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Azure.Configuration;
using Serverless.Functions.Engine;
using Serverless.Functions.Market;
using Serverless.Orchestrations.Ports;

namespace Serverless.Functions.Tests.Market;

/// <summary>
/// The autoscaler's backlog read with the bus Bicep configures (Serverless__Bus=servicebus, no connection string, the
/// namespace host and a managed identity): the Service Bus administration client, built from the namespace and the
/// credential, goes over a recording transport that answers like the Service Bus ATOM API.
/// </summary>
public sealed class AutoscalerBacklogTests
{
    private const string Namespace = "sb-demo-abcdefghijklm.servicebus.windows.net";

    // The Serverless__* bus settings infra/modules/function-app.bicep gives every app.
    private static readonly Dictionary<string, string?> BicepSettings = new()
    {
        ["Serverless:Bus"] = "servicebus",
        ["Serverless:ServiceBusConnection"] = "",
        ["Serverless:ServiceBusNamespace"] = Namespace,
        ["Serverless:StorageConnection"] = "",
        ["Serverless:StorageAccountName"] = "stdemoabcdefghijklm",
        ["Serverless:ManagedIdentityClientId"] = "11111111-2222-3333-4444-555555555555",
        ["Serverless:CompletionQueue"] = "completions",
    };

    [Fact]
    public void ReadBacklog_AnyLengthsAndFailures_ReadsEveryReadableQueueAndLogsAndSkipsTheRest()
    {
        var regions = new[] { "westeurope", "northeurope", "eastus", "southeastasia", "japaneast" };
        Gen.Select(Gen.Int[0, 100_000].Array[regions.Length], Gen.Int[0, 3].Array[regions.Length]).Sample((lengths, outcomes) =>
        {
            // 0: the queue answers its length; 1: the service fails (500); 2: the transport fails; 3: the queue does not exist.
            var answers = regions.Select((r, i) => (Queue: $"work-{r}", Length: lengths[i], Outcome: outcomes[i])).ToDictionary(a => a.Queue);
            var transport = new FakeServiceBus(answers.ToDictionary(a => a.Key, a => (a.Value.Length, a.Value.Outcome)));
            var logs = new RecordingLoggerProvider();
            var functions = Functions(transport, logs);

            var backlog = functions.ReadBacklogAsync(regions, CancellationToken.None).GetAwaiter().GetResult();

            foreach (var (region, i) in regions.Select((r, i) => (r, i)))
            {
                switch (outcomes[i])
                {
                    case 0:
                        Assert.Equal(lengths[i], backlog[region]);
                        break;
                    case 3:
                        Assert.Equal(0, backlog[region]);
                        break;
                    default:
                        Assert.False(backlog.ContainsKey(region), $"{region}: a failed read must be left out, not reported as {backlog.GetValueOrDefault(region)}.");
                        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains($"work-{region}", StringComparison.Ordinal));
                        break;
                }
            }

            Assert.Equal(outcomes.Count(o => o is 1 or 2), logs.Entries.Count(e => e.Level == LogLevel.Warning));

            // Every region was asked for, on the namespace Bicep names, with the managed identity's bearer token.
            Assert.Equal(regions.Select(r => $"/work-{r}"), transport.Requests.Select(r => r.Uri.AbsolutePath).Distinct());
            Assert.All(transport.Requests, r =>
            {
                Assert.Equal(Namespace, r.Uri.Host);
                Assert.Equal("Bearer mi-token", r.Authorization);
            });
        }, iter: 25);
    }

    [Fact]
    public async Task ReadBacklog_BicepBus_RoutesWorkQueuesToServiceBusNotToStorage()
    {
        var transport = new FakeServiceBus(new Dictionary<string, (int, int)> { ["work-westeurope"] = (17, 0) });
        var logs = new RecordingLoggerProvider();
        var functions = Functions(transport, logs);

        var backlog = await functions.ReadBacklogAsync(["westeurope"], CancellationToken.None);

        Assert.True(!logs.Entries.Any(e => e.Level >= LogLevel.Warning), string.Join("\n", logs.Entries.Select(e => e.Message)));

        Assert.Equal(17, backlog["westeurope"]);
        Assert.Single(transport.Requests);
    }

    private static MarketFunctions Functions(FakeServiceBus transport, RecordingLoggerProvider logs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(BicepSettings).Build();
        var adapters = configuration.GetSection("Serverless").Get<AdapterSettings>()!;
        var administration = new ServiceBusAdministrationClientOptions { Transport = new HttpClientTransport(new HttpClient(transport)) };
        administration.Retry.MaxRetries = 0;
        var clients = new AdapterClientOptions { Credential = new StaticCredential(), ServiceBusAdministration = administration };
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(AppMessageBus.Create(adapters, configuration["Serverless:CompletionQueue"]!, clients))
            .AddLogging(b => b.AddProvider(logs))
            .BuildServiceProvider();
        return new MarketFunctions(services);
    }

    private sealed record Request(Uri Uri, string? Authorization);

    /// <summary>Answers GET {namespace}/{queue} like the Service Bus ATOM API, or fails as told; records every request.</summary>
    private sealed class FakeServiceBus(Dictionary<string, (int Length, int Outcome)> queues) : HttpMessageHandler
    {
        public ConcurrentQueue<Request> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(new Request(request.RequestUri!, request.Headers.Authorization?.ToString()));
            var queue = request.RequestUri!.AbsolutePath.Trim('/');
            if (request.Method != HttpMethod.Get || !queues.TryGetValue(queue, out var answer))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest));
            }

            return answer.Outcome switch
            {
                0 => Task.FromResult(Atom(HttpStatusCode.OK, Entry(request.RequestUri, queue, answer.Length))),
                1 => Task.FromResult(Atom(HttpStatusCode.InternalServerError, "<Error><Code>500</Code><Detail>Internal error.</Detail></Error>")),
                2 => throw new HttpRequestException("Connection refused (sb-demo-abcdefghijklm.servicebus.windows.net:443)"),
                // Service Bus answers a missing entity with an empty feed.
                _ => Task.FromResult(Atom(HttpStatusCode.OK, $"""<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Publicly Listed Services</title><id>https://{request.RequestUri.Host}/{queue}</id><updated>2026-01-01T00:00:00Z</updated></feed>""")),
            };
        }

        private static HttpResponseMessage Atom(HttpStatusCode status, string xml)
            => new(status) { Content = new StringContent(xml, Encoding.UTF8, "application/atom+xml") };

        private static string Entry(Uri uri, string queue, int length) => string.Create(CultureInfo.InvariantCulture, $"""
            <entry xmlns="http://www.w3.org/2005/Atom">
              <id>https://{uri.Host}/{queue}</id>
              <title type="text">{queue}</title>
              <published>2026-01-01T00:00:00Z</published>
              <updated>2026-01-01T00:00:00Z</updated>
              <content type="application/xml">
                <QueueDescription xmlns="http://schemas.microsoft.com/netservices/2010/10/servicebus/connect" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
                  <SizeInBytes>{length * 100}</SizeInBytes>
                  <CreatedAt>2026-01-01T00:00:00Z</CreatedAt>
                  <UpdatedAt>2026-01-01T00:00:00Z</UpdatedAt>
                  <AccessedAt>2026-01-01T00:00:00Z</AccessedAt>
                  <MessageCount>{length + 3}</MessageCount>
                  <CountDetails xmlns:d2p1="http://schemas.microsoft.com/netservices/2011/06/servicebus">
                    <d2p1:ActiveMessageCount>{length}</d2p1:ActiveMessageCount>
                    <d2p1:DeadLetterMessageCount>2</d2p1:DeadLetterMessageCount>
                    <d2p1:ScheduledMessageCount>1</d2p1:ScheduledMessageCount>
                    <d2p1:TransferMessageCount>0</d2p1:TransferMessageCount>
                    <d2p1:TransferDeadLetterMessageCount>0</d2p1:TransferDeadLetterMessageCount>
                  </CountDetails>
                </QueueDescription>
              </content>
            </entry>
            """);
    }

    private sealed class StaticCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("mi-token", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
