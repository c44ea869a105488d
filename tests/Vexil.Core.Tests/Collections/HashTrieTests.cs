using Vexil.Core.Collections;

namespace Vexil.Core.Tests.Collections;

public sealed class HashTrieTests
{
    // Keys whose 32-bit hashes are equal (found by search; asserted below so that a change of hash shows here).
    private static readonly string[] Triple = ["k11966936", "k3689719", "k5811797"];
    private static readonly string[] Pair = ["k51141", "k14311165"];

    [Fact]
    public void CollidingKeys_HaveEqualHashes()
    {
        Assert.Equal(KeyHash.Of(Triple[0]), KeyHash.Of(Triple[1]));
        Assert.Equal(KeyHash.Of(Triple[0]), KeyHash.Of(Triple[2]));
        Assert.Equal(KeyHash.Of(Pair[0]), KeyHash.Of(Pair[1]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void RandomUpdates_BehaveLikeADictionary_AndOldVersionsStayIntact(int seed)
    {
        var random = new Random(seed);
        var pool = KeyPool(random);
        var model = new Dictionary<string, int>(StringComparer.Ordinal);
        var trie = HashTrie<int>.Empty;
        var history = new List<(HashTrie<int> Trie, Dictionary<string, int> Model)>();
        for (var step = 0; step < 3_000; step++)
        {
            var key = pool[random.Next(pool.Length)];
            if (random.Next(3) == 0)
            {
                var removed = trie.Remove(key);
                Assert.Equal(model.Remove(key), !ReferenceEquals(removed, trie));
                trie = removed;
            }
            else
            {
                trie = trie.SetItem(key, step);
                model[key] = step;
            }

            if (step % 100 == 0)
            {
                history.Add((trie, new Dictionary<string, int>(model, StringComparer.Ordinal)));
            }
        }

        history.Add((trie, model));
        foreach (var (version, expected) in history)
        {
            AssertSame(expected, version, pool);
        }
    }

    [Fact]
    public void Create_EqualsTheSameKeysSetOneByOne()
    {
        var pool = KeyPool(new Random(7));
        var pairs = pool.Select((k, i) => new KeyValuePair<string, int>(k, i)).ToList();

        var built = HashTrie<int>.Create(pairs, out var duplicate);

        Assert.Null(duplicate);
        AssertSame(pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), built!, pool);
    }

    [Fact]
    public void Create_DuplicateKey_IsNamed()
    {
        var built = HashTrie<int>.Create([new("a", 1), new("b", 2), new("a", 3)], out var duplicate);

        Assert.Null(built);
        Assert.Equal("a", duplicate);
    }

    [Fact]
    public void Create_DuplicateKeyAmongCollidingKeys_IsNamed()
    {
        var built = HashTrie<int>.Create([new(Triple[0], 1), new(Triple[1], 2), new(Triple[0], 3)], out var duplicate);

        Assert.Null(built);
        Assert.Equal(Triple[0], duplicate);
    }

    [Fact]
    public void Remove_AbsentKey_ReturnsTheSameMap()
    {
        var trie = HashTrie<int>.Empty.SetItem("a", 1).SetItem(Pair[0], 2);

        Assert.Same(trie, trie.Remove("b"));
        Assert.Same(trie, trie.Remove(Pair[1]));
    }

    [Fact]
    public void Find_KeyOfALengthNoKeyHas_IsAbsent_AndAKeyOfAKnownLengthIsFound()
    {
        var trie = HashTrie<int>.Empty.SetItem("abc", 1).SetItem("abcdef", 2).Remove("abcdef");

        Assert.Null(trie.Find("abcd"));
        Assert.Null(trie.Find("abcdef"));
        Assert.Equal(1, trie.Find("abc")!.Value);
        Assert.Equal(2, trie.SetItem(new string('x', 70), 2).Find(new string('x', 70))!.Value);
        Assert.Null(trie.Find(new string('x', 70)));
    }

    [Fact]
    public void Enumerate_AllocatesNothing()
    {
        var trie = HashTrie<int>.Create(KeyPool(new Random(3)).Select(k => new KeyValuePair<string, int>(k, 1)).ToList(), out _)!;
        Count(trie);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = Count(trie);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(trie.Count, count);
    }

    private static int Count(HashTrie<int> trie)
    {
        var count = 0;
        foreach (var leaf in trie)
        {
            count += leaf.Value;
        }

        return count;
    }

    private static string[] KeyPool(Random random)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal) { "", "a", "é" };
        keys.UnionWith(Triple);
        keys.UnionWith(Pair);
        while (keys.Count < 600)
        {
            var length = random.Next(1, 90);
            keys.Add(string.Create(length, random, static (span, r) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (char)r.Next('-', 'z');
                }
            }));
        }

        return [.. keys];
    }

    private static void AssertSame(Dictionary<string, int> expected, HashTrie<int> actual, string[] pool)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var key in pool)
        {
            Assert.Equal(expected.TryGetValue(key, out var value), actual.TryGetValue(key, out var found));
            Assert.Equal(value, found);
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var leaf in actual)
        {
            Assert.True(seen.TryAdd(leaf.Key, leaf.Value), $"'{leaf.Key}' enumerated twice");
        }

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), seen.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}
