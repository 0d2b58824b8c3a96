using System.Text;
using Serverless.Orchestrations.Ports;

namespace Serverless.TestSupport;

/// <summary>
/// The behaviour every <see cref="IStateStore"/> must have. A subclass per implementation supplies the store; the same
/// tests run against the in-memory store and the Table/Blob store on Azurite.
/// </summary>
public abstract class StateStoreContractTests
{
    private static readonly string RunId = Environment.ProcessId.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
    private static int _executions;

    /// <summary>Hostile key parts: characters Table Storage forbids, escape markers, unicode, 1 KB long, control characters.</summary>
    public static readonly IReadOnlyList<string> HostileNames =
    [
        "a/b", "#", "?x", "..", ".", "a\\b", "%41", "%", "%u0041", "@", "a@b", "~", "~h", "'quoted'", "\"dq\"", " lead and trail ",
        "变量ü🙂", "\u200B\uFEFF", "\uD800", "\uDC00x", "a\u0000b", "\t\r\n\u0001\u001F\u007F\u0085", new string('x', 1024),
        string.Concat(Enumerable.Repeat("ü/#", 342)), string.Empty,
    ];

    /// <summary>The store under test; a fresh instance per test is fine (tests use their own execution ids).</summary>
    protected abstract IStateStore Store { get; }

    /// <summary>The size above which the store keeps values elsewhere (for boundary sizes); in-memory has none.</summary>
    protected virtual int InlineLimitBytes => 32 * 1024;

    /// <summary>Called after an execution was deleted: implementations with external data (blobs) assert it is gone.</summary>
    protected virtual Task AssertNothingLeftAsync(string executionId) => Task.CompletedTask;

    protected static string NewExecutionId() => $"exec-{RunId}-{Interlocked.Increment(ref _executions)}";

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task PutAsync_ValuesFrom0BytesTo5MB_RoundTripExactly()
    {
        var execution = NewExecutionId();
        var limit = InlineLimitBytes;
        int[] sizes = [0, 1, 1024, limit - 1, limit, limit + 1, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 1024 * 1024, 5 * 1024 * 1024];
        foreach (var size in sizes.Distinct())
        {
            var key = new StateKey(execution, $"v{size}", "u0");
            var value = RandomBytes(size, size);
            await Store.PutAsync(key, value);
            Assert.Equal(value, (await Store.GetAsync(key)).ToArray());
            var tried = await Store.TryGetAsync(key);
            Assert.NotNull(tried);
            Assert.Equal(value, tried.Value.ToArray());
        }
    }

    [Fact]
    public async Task PutAsync_RandomSizesAroundTheInlineLimit_RoundTripExactly()
    {
        var random = new Random(20261130);
        var execution = NewExecutionId();
        for (var i = 0; i < 12; i++)
        {
            var size = random.Next(2) == 0 ? random.Next(0, 4096) : random.Next(InlineLimitBytes - 2048, InlineLimitBytes + 70_000);
            var key = new StateKey(execution, $"r{i}", "u");
            var value = RandomBytes(size, i);
            await Store.PutAsync(key, value);
            Assert.Equal(value, (await Store.GetAsync(key)).ToArray());
        }
    }

    [Fact]
    public async Task PutAsync_HostileNamesInEveryKeyPart_RoundTripAndListExactly()
    {
        var execution = NewExecutionId();
        var expected = new Dictionary<StateKey, byte[]>();
        for (var i = 0; i < HostileNames.Count; i++)
        {
            expected[new StateKey(execution, HostileNames[i], "unit")] = Encoding.UTF8.GetBytes($"variable {i}");
            expected[new StateKey(execution, "variable", HostileNames[i])] = Encoding.UTF8.GetBytes($"unit {i}");
        }

        foreach (var (key, value) in expected)
        {
            await Store.PutAsync(key, value);
        }

        foreach (var (key, value) in expected)
        {
            Assert.Equal(value, (await Store.GetAsync(key)).ToArray());
        }

        var listed = await Store.ListAsync(execution);
        Assert.Equal(expected.Count, listed.Count);
        Assert.True(expected.Keys.ToHashSet().SetEquals(listed), "ListAsync must return exactly the keys written, with their original names.");

        foreach (var name in HostileNames)
        {
            var key = new StateKey(name + "-" + execution, "x", "u");
            await Store.PutAsync(key, Encoding.UTF8.GetBytes(name));
            Assert.Equal(Encoding.UTF8.GetBytes(name), (await Store.GetAsync(key)).ToArray());
            Assert.Equal([key], await Store.ListAsync(key.ExecutionId));
            await Store.DeleteExecutionAsync(key.ExecutionId);
        }
    }

    [Fact]
    public async Task PutAsync_RandomNamesFromAHostileAlphabet_RoundTripAndListExactly()
    {
        const string alphabet = "ab/\\#?%@~'.\u0000\u0001\n\u007F\u0085\u00FC\u200B\uD800\uDC00\uFEFF\uFFFF 变";
        var random = new Random(7);
        var execution = NewExecutionId();
        var expected = new Dictionary<StateKey, byte[]>();
        for (var i = 0; i < 40; i++)
        {
            var length = random.Next(3) == 0 ? random.Next(200, 700) : random.Next(0, 12);
            var name = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            expected[new StateKey(execution, name, i.ToString(System.Globalization.CultureInfo.InvariantCulture))] = BitConverter.GetBytes(i);
        }

        foreach (var (key, value) in expected)
        {
            await Store.PutAsync(key, value);
        }

        foreach (var (key, value) in expected)
        {
            Assert.Equal(value, (await Store.GetAsync(key)).ToArray());
        }

        Assert.True(expected.Keys.ToHashSet().SetEquals(await Store.ListAsync(execution)));
    }

    [Fact]
    public async Task PutAsync_KeysThatLookAlikeWhenJoinedOrEscaped_StayDistinct()
    {
        var execution = NewExecutionId();
        StateKey[] keys =
        [
            new(execution, "a@b", "c"), new(execution, "a", "b@c"), new(execution, "a%40b", "c"), new(execution, "a%u0040b", "c"),
            new(execution, "~" + new string('0', 64), "c"), new(execution, new string('y', 2000), "c"), new(execution, new string('y', 2001), "c"),
        ];
        for (var i = 0; i < keys.Length; i++)
        {
            await Store.PutAsync(keys[i], new[] { (byte)i });
        }

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal([(byte)i], (await Store.GetAsync(keys[i])).ToArray());
        }

        Assert.Equal(keys.Length, (await Store.ListAsync(execution)).Count);
    }

    [Fact]
    public async Task PutAsync_OverwriteBetweenSmallAndLargeValues_ReadsLatest()
    {
        var key = new StateKey(NewExecutionId(), "v", "u");
        foreach (var size in new[] { 10, InlineLimitBytes + 5000, 20, InlineLimitBytes + 9000, 0 })
        {
            var value = RandomBytes(size, size + 1);
            await Store.PutAsync(key, value);
            Assert.Equal(value, (await Store.GetAsync(key)).ToArray());
        }

        Assert.Single(await Store.ListAsync(key.ExecutionId));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(100_000)]
    public async Task PutIfAbsentAsync_ConcurrentWritersWithDifferentValues_ExactlyOneWins(int size)
    {
        var key = new StateKey(NewExecutionId(), "contended", "u");
        var values = Enumerable.Range(0, 8).Select(i => RandomBytes(size, 1000 + i)).ToArray();
        using var start = new ManualResetEventSlim();
        var tasks = values.Select(v => Task.Run(async () =>
        {
            start.Wait();
            return await Store.PutIfAbsentAsync(key, v);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(1, results.Count(r => r == PutResult.Added));
        Assert.Equal(values.Length - 1, results.Count(r => r == PutResult.Conflict));
        var winner = values[Array.IndexOf(results, PutResult.Added)];
        Assert.Equal(winner, (await Store.GetAsync(key)).ToArray());
    }

    [Theory]
    [InlineData(100)]
    [InlineData(100_000)]
    public async Task PutIfAbsentAsync_ConcurrentWritersWithTheSameValue_OneAddedOthersAlreadyEqual(int size)
    {
        var key = new StateKey(NewExecutionId(), "same", "u");
        var value = RandomBytes(size, 42);
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await Store.PutIfAbsentAsync(key, value.ToArray());
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(1, results.Count(r => r == PutResult.Added));
        Assert.Equal(7, results.Count(r => r == PutResult.AlreadyEqual));
        Assert.Equal(value, (await Store.GetAsync(key)).ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(70_000)]
    public async Task PutIfAbsentAsync_AfterPut_AlreadyEqualForSameBytesConflictForDifferent(int size)
    {
        var key = new StateKey(NewExecutionId(), "v", "u");
        var value = RandomBytes(size, 3);
        await Store.PutAsync(key, value);

        Assert.Equal(PutResult.AlreadyEqual, await Store.PutIfAbsentAsync(key, value.ToArray()));
        var different = value.ToArray();
        if (size > 0)
        {
            different[size / 2] ^= 0xFF;
        }
        else
        {
            different = [1];
        }

        Assert.Equal(PutResult.Conflict, await Store.PutIfAbsentAsync(key, different));
        Assert.Equal(value, (await Store.GetAsync(key)).ToArray());
    }

    [Fact]
    public async Task GetAsync_MissingKeys_ThrowStateNotFoundNamingTheKey()
    {
        var execution = NewExecutionId();
        await Store.PutAsync(new StateKey(execution, "present", "u"), new byte[] { 1 });
        StateKey[] missing = [new(execution, "absent", "u"), new(execution, "present", "other-unit"), new(NewExecutionId(), "present", "u")];
        foreach (var key in missing)
        {
            Assert.Null(await Store.TryGetAsync(key));
            var ex = await Assert.ThrowsAsync<StateNotFoundException>(() => Store.GetAsync(key));
            Assert.Equal(key, ex.Key);
            Assert.Contains(key.Variable, ex.Message, StringComparison.Ordinal);
            Assert.False(await Store.DeleteAsync(key));
        }

        Assert.Empty(await Store.ListAsync(NewExecutionId()));
        await Store.DeleteExecutionAsync(NewExecutionId());
    }

    [Fact]
    public async Task DeleteAsync_ExistingKeys_RemovesOnlyThoseKeys()
    {
        var execution = NewExecutionId();
        var small = new StateKey(execution, "small", "u");
        var large = new StateKey(execution, "large", "u");
        var kept = new StateKey(execution, "kept", "u");
        await Store.PutAsync(small, new byte[] { 1, 2 });
        await Store.PutAsync(large, RandomBytes(InlineLimitBytes + 100, 5));
        await Store.PutAsync(kept, new byte[] { 9 });

        Assert.True(await Store.DeleteAsync(small));
        Assert.True(await Store.DeleteAsync(large));
        Assert.False(await Store.DeleteAsync(small));
        Assert.Null(await Store.TryGetAsync(small));
        Assert.Null(await Store.TryGetAsync(large));
        Assert.Equal([9], (await Store.GetAsync(kept)).ToArray());
        Assert.Equal([kept], await Store.ListAsync(execution));
    }

    [Fact]
    public async Task DeleteExecutionAsync_WithSmallAndLargeValues_RemovesEverythingAndNothingElse()
    {
        var doomed = NewExecutionId();
        var other = NewExecutionId();
        for (var i = 0; i < 5; i++)
        {
            await Store.PutAsync(new StateKey(doomed, $"v{i}", "u"), RandomBytes(i % 2 == 0 ? 10 : InlineLimitBytes + 1000, i));
            await Store.PutAsync(new StateKey(other, $"v{i}", "u"), RandomBytes(i % 2 == 0 ? 10 : InlineLimitBytes + 1000, i));
        }

        await Store.DeleteExecutionAsync(doomed);

        Assert.Empty(await Store.ListAsync(doomed));
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await Store.TryGetAsync(new StateKey(doomed, $"v{i}", "u")));
            Assert.Equal(RandomBytes(i % 2 == 0 ? 10 : InlineLimitBytes + 1000, i), (await Store.GetAsync(new StateKey(other, $"v{i}", "u"))).ToArray());
        }

        await AssertNothingLeftAsync(doomed);
    }

    [Fact]
    public async Task PutManyAsync_OverAThousandValuesWithDuplicatesAndLargeOnes_AllReadableLastWriteWins()
    {
        var big = NewExecutionId();
        var small = NewExecutionId();
        var values = new List<KeyValuePair<StateKey, ReadOnlyMemory<byte>>>();
        for (var i = 0; i < 1050; i++)
        {
            values.Add(new(new StateKey(big, $"v{i}", "u"), BitConverter.GetBytes(i)));
            if (i % 100 == 7)
            {
                values.Add(new(new StateKey(small, $"w{i}", HostileNames[i % HostileNames.Count]), RandomBytes(i % 200 == 7 ? InlineLimitBytes + 10 : 30_000, i)));
            }
        }

        values.Add(new(new StateKey(big, "v3", "u"), new byte[] { 3, 3, 3 }));
        await Store.PutManyAsync(values);

        Assert.Equal(1050, (await Store.ListAsync(big)).Count);
        Assert.Equal(11, (await Store.ListAsync(small)).Count);
        Assert.Equal(new byte[] { 3, 3, 3 }, (await Store.GetAsync(new StateKey(big, "v3", "u"))).ToArray());
        var random = new Random(11);
        for (var n = 0; n < 20; n++)
        {
            var i = random.Next(1050);
            if (i != 3)
            {
                Assert.Equal(BitConverter.GetBytes(i), (await Store.GetAsync(new StateKey(big, $"v{i}", "u"))).ToArray());
            }
        }

        foreach (var (key, value) in values.Where(v => v.Key.ExecutionId == small))
        {
            Assert.Equal(value.ToArray(), (await Store.GetAsync(key)).ToArray());
        }

        await Store.PutManyAsync([]);
    }

    [Fact]
    public async Task PutAsync_NullKeyPart_ThrowsArgumentExceptionNamingTheKey()
    {
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(new StateKey("e", null!, "u"), new byte[] { 1 }));
        Assert.Contains("null part", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_NameLongerThanTheLimit_ThrowsArgumentExceptionSayingTheLimit()
    {
        var key = new StateKey(NewExecutionId(), new string('v', StateKey.MaxPartLength + 1), "u");
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.PutAsync(key, new byte[] { 1 }));
        Assert.Contains(StateKey.MaxPartLength.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);

        var longest = new StateKey(NewExecutionId(), new string('v', StateKey.MaxPartLength), new string('u', StateKey.MaxPartLength));
        await Store.PutAsync(longest, new byte[] { 2 });
        Assert.Equal(new byte[] { 2 }, (await Store.GetAsync(longest)).ToArray());
        Assert.Equal([longest], await Store.ListAsync(longest.ExecutionId));
    }
}
