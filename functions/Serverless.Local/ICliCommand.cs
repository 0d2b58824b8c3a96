namespace Serverless.Local;

/// <summary>One `serverless` sub-command.</summary>
public interface ICliCommand
{
    string Name { get; }

    string Summary { get; }

    string Usage { get; }

    /// <summary>Runs the command. Throw <see cref="UsageException"/> for bad arguments (exit 2).</summary>
    Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr);
}
