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
        ["AliasedListWrites"] = "a second local aliasing the list: writes through it do not reach the first local in other units",
        ["ArraySortMedian"] = "Array.Sort on a local copy is not counted as a write; later units see the unsorted array",
        ["ArraySortParameter"] = "Array.Sort/Array.Reverse on a parameter are not writes; later units reload the unsorted argument",
        ["BalancedBracketsStack"] = "Stack<char> comes back reversed from its JSON round trip",
        ["BankAccountPrivateState"] = "a class whose state is in private fields crosses as an empty object",
        ["CartHelperFillsList"] = "a static helper that fills a list argument is not counted as a write; the list crosses empty",
        ["EmailMasking"] = "Array.Sort(array, comparer) on a local is not counted as a write",
        ["FactorialBigInteger"] = "BigInteger serialises as its properties and comes back as zero",
        ["FibonacciMemo"] = "a dictionary filled by a recursive static helper is not counted as a write; it crosses empty",
        ["Grid2DFloodCount"] = "an int[,] local crosses a boundary; System.Text.Json cannot carry it (run-time NotSupportedException, no build diagnostic)",
        ["HashSetDedupWithRemoval"] = "a HashSet after Remove enumerates in a different order once rebuilt from JSON",
        ["HelperNormalizesParameter"] = "a static helper normalising an array parameter in place is not counted as a write",
        ["InstanceOptionalConstructor"] = "SPL103 refuses a type whose constructor has only optional parameters, and the method is then not registered at all (not even a direct run)",
        ["KeyValueConfigParse"] = "a Dictionary's OrdinalIgnoreCase comparer is lost in the JSON round trip",
        ["LedgerSortsArgument"] = "another object's instance method sorting a list argument is not counted as a write",
        ["LevenshteinTable"] = "an int[,] local crosses a boundary; System.Text.Json cannot carry it (run-time NotSupportedException, no build diagnostic)",
        ["LinqSalesReport"] = "a deferred LINQ query (IOrderedEnumerable<IGrouping<..>>) crosses a boundary and cannot be deserialised (run-time NotSupportedException)",
        ["ListElementAlias"] = "locals aliasing list elements: their writes do not reach the list in other units",
        ["MonteCarloSeededRandom"] = "Random keeps its state in private fields; it crosses as a fresh generator",
        ["ObjectTypedAccumulator"] = "an object-typed local comes back as JsonElement, so the type pattern no longer matches",
        ["PalindromeBuilder"] = "StringBuilder keeps its state in private fields; it crosses as NUL characters",
        ["PriorityQueueTopK"] = "PriorityQueue crosses as an empty queue",
        ["QuickSortHelper"] = "a recursive static helper sorting an array in place is not counted as a write",
        ["RecordWithListMember"] = "a local aliasing a member list (basket.Items): its writes do not reach the owner in other units",
        ["RunLengthEncoding"] = "StringBuilder keeps its state in private fields; it crosses as NUL characters",
        ["SharedCounterDictionary"] = "a second local aliasing the dictionary: writes through it do not reach the first local in other units",
        ["StaticCounterWrite"] = "a read of a static field gets no order edge after the statement that writes it (SPL007 orders only the writes), so it runs before the loop and sees 0",
        ["StringBuilderReport"] = "StringBuilder keeps its state in private fields; it crosses as NUL characters",
        ["WordHistogram"] = "a Dictionary's OrdinalIgnoreCase comparer is lost in the JSON round trip",
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
