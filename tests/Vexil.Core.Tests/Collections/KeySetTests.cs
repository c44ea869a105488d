using Vexil.Core.Collections;

namespace Vexil.Core.Tests.Collections;

public sealed class KeySetTests
{
    [Fact]
    public void AddAndRemove_AcrossTheSmallLimit_BehaveLikeASet()
    {
        var random = new Random(11);
        var model = new HashSet<string>(StringComparer.Ordinal);
        var set = KeySet.Empty;
        for (var step = 0; step < 2_000; step++)
        {
            // A pool a little larger than the small limit, so the set grows past it and shrinks again.
            var key = "k" + random.Next(KeySet.SmallLimit + 8);
            if (random.Next(2) == 0)
            {
                var added = set.Add(key);
                Assert.Equal(model.Add(key), !ReferenceEquals(added, set));
                set = added;
            }
            else
            {
                var removed = set.Remove(key);
                Assert.Equal(model.Remove(key), !ReferenceEquals(removed, set));
                set = removed;
            }

            Assert.Equal(model.Count, set.Count);
            var keys = new List<string>();
            set.CopyTo(keys);
            Assert.Equal(model.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
            Assert.All(model, k => Assert.True(set.Contains(k)));
        }
    }

    [Fact]
    public void Create_LargeSet_ContainsEveryKey()
    {
        var keys = Enumerable.Range(0, 100).Select(i => "flag-" + i).ToList();

        var set = KeySet.Create(keys);

        Assert.Equal(100, set.Count);
        Assert.All(keys, k => Assert.True(set.Contains(k)));
        Assert.False(set.Contains("flag-100"));
    }
}
