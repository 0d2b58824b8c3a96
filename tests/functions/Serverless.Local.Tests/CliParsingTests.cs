namespace Serverless.Local.Tests;

/// <summary>
/// The command line as System.CommandLine parses it: help for the command wherever --help or -h stands, --version,
/// --name=value and --name value alike, repeated options, typo suggestions, and usage errors that exit 2 naming the
/// option. Every case runs the CLI's own entry point.
/// </summary>
public sealed class CliParsingTests
{
    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => AnalyzeCliHarness.RunAsync(args);

    [Theory]
    [InlineData("plan --help", "serverless plan <request.json|->")]
    [InlineData("plan -h", "serverless plan <request.json|->")]
    [InlineData("plan request.json --algorithm exact --help", "serverless plan <request.json|->")]
    [InlineData("run Serverless.Samples.LoanSchedule.Amortize --args --help", "serverless run <Namespace.Type.Method>")]
    [InlineData("demo --time-scale nonsense -h", "serverless demo [--out <dir>]")]
    [InlineData("status --bogus --help", "serverless status --url <api>")]
    [InlineData("worker --help --region", "serverless worker --region <name>")]
    [InlineData("help analyze", "serverless analyze <file.cs>...")]
    public async Task Help_AnywhereOnTheLine_ShowsThatCommandsHelpAndExits0(string line, string usage)
    {
        var (code, stdout, stderr) = await RunAsync(line.Split(' '));
        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith(usage, stdout, StringComparison.Ordinal);
        Assert.Contains("options (--name value or --name=value):", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Help_ListsEveryOptionOfTheCommandWithItsDescription()
    {
        foreach (var command in Cli.Commands)
        {
            var (code, stdout, _) = await RunAsync(command.Name, "--help");
            Assert.Equal(ExitCodes.Ok, code);
            foreach (var spec in CliGrammar.Options[command.Name])
            {
                Assert.Contains(spec.Name, stdout, StringComparison.Ordinal);
                Assert.Contains(spec.Description, stdout, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task RootHelp_ListsEveryCommand()
    {
        var (code, stdout, _) = await RunAsync("-h");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.All(Cli.Commands, c => Assert.Contains("  " + c.Name, stdout, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Version_PrintsServerlessAndTheVersion()
    {
        var (code, stdout, stderr) = await RunAsync("--version");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("serverless " + Cli.Version, stdout.TrimEnd());
        Assert.Matches(@"^\d+\.\d+\.\d+", Cli.Version);
        Assert.Equal(string.Empty, stderr);
    }

    [Theory]
    [InlineData("--algorithm=magic")]
    [InlineData("--algorithm magic")]
    [InlineData("-a magic")]
    public async Task OptionValue_InlineOrSeparate_ReachesTheCommand(string option)
    {
        // Both forms hand the command the same value: it names the algorithm it refused.
        var (code, _, stderr) = await RunAsync(["plan", "request.json", .. option.Split(' ')]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("unknown algorithm 'magic'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptionValue_InlineForm_KeepsEqualsSignsInTheValue()
    {
        var (code, _, stderr) = await RunAsync("worker", "--region=westeurope", "--storage=UseDevelopmentStorage=true", "--concurrency=0");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--concurrency needs a whole number from 1 to 1024 (got '0')", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedOption_ReachesTheCommandEveryTime()
    {
        // --method once only: the command sees both occurrences, inline and separate, and says so.
        var (code, _, stderr) = await RunAsync("analyze", "x.cs", "--method=A.B.C", "--method", "A.B.D");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--method may be given once", stderr, StringComparison.Ordinal);

        // --assembly is repeatable, and each value is read: the first missing one is named.
        (code, _, stderr) = await RunAsync("worker", "--region", "westeurope", "--storage", "UseDevelopmentStorage=true", "--assembly", "first-missing.dll", "--assembly=second-missing.dll");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--assembly 'first-missing.dll' does not exist", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo --outt x", "serverless demo: unknown option '--outt'; did you mean '--out'?")]
    [InlineData("analyze x.cs --methd A.B.C", "serverless analyze: unknown option '--methd'; did you mean '--method'?")]
    [InlineData("run X --soruce a.cs", "serverless run: unknown option '--soruce'; did you mean '--source'?")]
    [InlineData("list --url http://127.0.0.1:1 --topp 3", "serverless list: unknown option '--topp'; did you mean '--top'?")]
    [InlineData("serve --task-hb x", "serverless serve: unknown option '--task-hb'; did you mean '--task-hub'?")]
    [InlineData("servr", "serverless: unknown command 'servr'; did you mean 'serve'?")]
    [InlineData("anlyze x.cs", "serverless: unknown command 'anlyze'; did you mean 'analyze'?")]
    public async Task Typo_SuggestsTheNearestName_AndExits2(string line, string message)
    {
        var (code, stdout, stderr) = await RunAsync(line.Split(' '));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Theory]
    [InlineData("demo --storage", "serverless demo: --storage needs a value")]
    [InlineData("demo --only", "serverless demo: --only needs a value")]
    [InlineData("run X --units=sometimes", "serverless run: --units must be every, one or plan (got 'sometimes')")]
    [InlineData("serve --urls=ftp://x", "serverless serve: --urls: 'ftp://x' is not a URL")]
    [InlineData("worker --storage x", "serverless worker: --region is required")]
    [InlineData("serve --autoscale 5-2 --storage azurite --local-workers none", "serverless serve: --autoscale: '5-2' has min 5 above max 2")]
    [InlineData("serve --autoscale 1-3", "serverless serve: --autoscale 1-3 starts `serverless worker` processes, which need shared storage: add --storage")]
    [InlineData("demo --zzzzzzzzzz", "serverless demo: unknown option '--zzzzzzzzzz'")]
    [InlineData("demo stray", "serverless demo: unexpected argument 'stray'")]
    [InlineData("--bogus", "serverless: unknown option '--bogus'")]
    public async Task UsageError_Exits2_WithAMessageNamingTheOptionAndTheUsage(string line, string message)
    {
        var (code, stdout, stderr) = await RunAsync(line.Split(' '));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("usage: serverless", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task ResponseFileSyntax_IsAPlainValue()
    {
        // '@name' is not expanded from a file: the command receives it as written.
        var (code, _, stderr) = await RunAsync("analyze", "@no-such-list.txt");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("@no-such-list.txt", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Grammar_CoversEveryCommand()
        => Assert.All(Cli.Commands, c => Assert.True(CliGrammar.Options.ContainsKey(c.Name), $"{c.Name} has no grammar"));
}
