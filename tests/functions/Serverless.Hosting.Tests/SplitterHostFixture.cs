using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Hosting.Interception;
using Serverless.Orchestrations.Ports;
using Serverless.Planning.Model;
using Serverless.Samples;

namespace Serverless.Hosting.Tests;

/// <summary>
/// One generic host with <c>AddServerlessSplitter(o => o.UseEmbeddedEngine())</c> for the collection: the
/// interception handler is process-wide, so the tests that use it run one after another.
/// </summary>
public sealed class SplitterHostFixture : IAsyncLifetime
{
    private readonly List<SplitCallRecord> _calls = [];

    public IHost Host { get; private set; } = null!;

    public EngineSplitCallHandler Handler { get; private set; } = null!;

    public IAnnotationStore Annotations => Host.Services.GetRequiredService<IAnnotationStore>();

    /// <summary>Builds a host like a user's app does, with the samples' and these tests' functions.</summary>
    public static IHost Build(Action<Serverless.Hosting.SplitterOptions>? more = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddServerlessSplitter(o =>
        {
            o.UseEmbeddedEngine();
            o.Objective = new PlanObjective(0.00002);

            // The trade-off scenario, not the built-in public figures: these tests watch measured profiles and annotation
            // overrides change a plan, which needs regions where placement and splitting pay.
            o.Environment = Serverless.TestSupport.TradeOffEnvironment.Regions;
            o.AddFunctionsFrom(typeof(ImagePipeline).Assembly).AddFunctionsFrom(typeof(SplitterHostFixture).Assembly);
            more?.Invoke(o);
        });
        return builder.Build();
    }

    /// <summary>The calls the handler ran since <paramref name="from"/> (an index returned by <see cref="Mark"/>).</summary>
    public IReadOnlyList<SplitCallRecord> CallsSince(int from)
    {
        lock (_calls)
        {
            return [.. _calls.Skip(from)];
        }
    }

    public int Mark()
    {
        lock (_calls)
        {
            return _calls.Count;
        }
    }

    public async Task InitializeAsync()
    {
        Host = Build();
        Handler = Host.Services.GetRequiredService<EngineSplitCallHandler>();
        Handler.CallCompleted += (_, call) =>
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
        };
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SplitterHostCollection : ICollectionFixture<SplitterHostFixture>
{
    public const string Name = "splitter host";
}
