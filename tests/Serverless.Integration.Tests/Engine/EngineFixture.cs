using Microsoft.Extensions.Logging;
using Serverless.Local.Engine;

namespace Serverless.Integration.Tests.Engine;

/// <summary>One embedded engine (in-memory store and bus, three regions) shared by the engine tests.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public static readonly IReadOnlyList<string> Regions = ["westeurope", "northeurope", "eastus"];

    public ScriptedRunner Runner { get; } = new();

    public static Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; } =
        Environment.GetEnvironmentVariable("SERVERLESS_TEST_LOG") is { Length: > 0 } path
            ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(path)).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug))
            : null;

    public EmbeddedEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Engine = await EmbeddedEngine.StartAsync(Runner, new EmbeddedEngineOptions { Regions = Regions }, loggerFactory: LoggerFactory);

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
