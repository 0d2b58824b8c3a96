namespace Serverless.Splitting.Generator.Tests.Corpus;

/// <summary>
/// Every corpus method: each split equals the direct call, or the build refuses the method by name (an SPL error)
/// and it still runs unsplit with the direct result. Today's failures are listed in <see cref="KnownUnsound"/>;
/// a listed method that now passes fails the test too, so the list can only shrink.
/// </summary>
public sealed class CorpusEquivalenceTests
{
    /// <summary>Corpus methods that are unsound today, each with the reason seen.</summary>
    internal static readonly IReadOnlyDictionary<string, string> KnownUnsound = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    public static TheoryData<string> Methods()
    {
        var data = new TheoryData<string>();
        foreach (var c in CorpusMethods.All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task EverySplit_CorpusMethod_EqualsDirectCallOrIsRefusedByName(string name)
    {
        var corpusCase = CorpusMethods.All.Single(c => c.Name == name);
        var failure = await CorpusBuild.CheckAsync(corpusCase);
        if (KnownUnsound.TryGetValue(name, out var reason))
        {
            Assert.True(failure is not null, $"{name} is listed in KnownUnsound ({reason}) but is sound now: remove it from the list.");
        }
        else
        {
            Assert.True(failure is null, $"{name}: {failure}\n{corpusCase.Source}");
        }
    }

    [Fact]
    public void Corpus_HasSixtyDistinctMethodsWithArguments_AndKnownUnsoundNamesOnlyThem()
    {
        var names = CorpusMethods.All.Select(c => c.Name).ToList();
        Assert.True(names.Count >= 60, $"the corpus has {names.Count} methods; it needs at least 60");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(CorpusMethods.All, c => Assert.NotEmpty(c.Arguments));
        Assert.Empty(KnownUnsound.Keys.Except(names, StringComparer.Ordinal));
    }

    /// <summary>Plain data (records, arrays and lists of records, dictionaries of strings and numbers) must still split.</summary>
    [Theory]
    [InlineData("InvoiceTotals")]
    [InlineData("PayrollOvertime")]
    [InlineData("ExpenseGroupBy")]
    [InlineData("MatrixMultiply")]
    [InlineData("PascalTriangle")]
    [InlineData("CsvOrderParse")]
    [InlineData("SieveOfEratosthenes")]
    [InlineData("InventoryReorder")]
    [InlineData("LoyaltyTiers")]
    [InlineData("NullableBestOffer")]
    public void Build_PlainDataCorpusMethod_IsNotRefused(string name)
    {
        var built = CorpusBuild.Get();
        var entry = built.Catalogue.Get(CorpusMethods.All.Single(c => c.Name == name).FunctionId);
        Assert.True(entry.IsSplittable, $"{name} holds only plain data but is refused: {string.Join("; ", built.Diagnostics(name))}");
        Assert.True(entry.Graph.Segments.Count > 1, $"{name} has {entry.Graph.Segments.Count} segment(s)");
    }

    [Fact]
    public void Build_Corpus_GeneratorBreaksNoBuild()
    {
        var built = CorpusBuild.Get();
        var unlisted = built.BuildBreaks.Where(b => !KnownUnsound.ContainsKey(b.Key)).Select(b => $"{b.Key}: {b.Value}").ToList();
        Assert.True(unlisted.Count == 0, "generated code does not compile for:\n" + string.Join("\n", unlisted));
    }
}
