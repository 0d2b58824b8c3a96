using System.Globalization;

namespace Serverless.Local.Commands;

/// <summary>The parsed options of `serverless worker`.</summary>
public sealed record WorkerOptions(string Region, StorageOption Storage, string TaskHub, int Concurrency, IReadOnlyList<string> Assemblies, IReadOnlyList<string> Sources)
{
    /// <summary>Units one worker process runs at once unless `--concurrency` says otherwise.</summary>
    public const int DefaultConcurrency = 16;

    public static WorkerOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? region = null;
        var shared = new EngineProcessArgs();
        var concurrency = DefaultConcurrency;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : null;
            switch (args[i])
            {
                case "--region":
                    region = value ?? throw new UsageException("--region needs a region name such as westeurope");
                    if (!region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                    {
                        throw new UsageException($"--region '{region}' is not a region name (lowercase letters, digits and '-')");
                    }

                    i++;
                    break;
                case "--concurrency":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out concurrency) || concurrency is < 1 or > 1024)
                    {
                        throw new UsageException($"--concurrency needs a whole number from 1 to 1024 (got '{value}')");
                    }

                    i++;
                    break;
                default:
                    if (!shared.TryRead(args, ref i))
                    {
                        throw new UsageException($"unknown option '{args[i]}'");
                    }

                    break;
            }
        }

        if (region is null)
        {
            throw new UsageException("--region is required: the region whose work queue this worker consumes, e.g. --region westeurope");
        }

        if (shared.Storage is not { } storage)
        {
            throw new UsageException("--storage is required: the connection string `serve --storage` printed (or of the account it uses)");
        }

        return new WorkerOptions(region, storage, shared.TaskHub ?? ServeSettings.DefaultTaskHub, concurrency, shared.Assemblies, shared.Sources);
    }
}
