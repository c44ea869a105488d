using System.Runtime.CompilerServices;
using static Vexil.Core.Collections.HashTrieBits;

namespace Vexil.Core.Collections;

/// <summary>Walks a <see cref="HashTrie{TValue}"/> depth first with a fixed-size stack: no allocation.</summary>
internal struct HashTrieEnumerator<TValue>
{
    // Seven levels of five bits cover a 32-bit hash.
    private const int MaxDepth = 7;

    private NodeStack _nodes;
    private PositionStack _positions;
    private int _depth;
    private HashTrieLeaf<TValue>? _current;

    public HashTrieEnumerator(object?[] root)
    {
        _nodes[0] = root;
        _depth = 0;
    }

    public readonly HashTrieLeaf<TValue> Current => _current!;

    public bool MoveNext()
    {
        if (_current?.Next is { } next)
        {
            _current = next;
            return true;
        }

        while (_depth >= 0)
        {
            var node = _nodes[_depth];
            var position = _positions[_depth];
            if (position == Width)
            {
                _nodes[_depth] = null!;
                _depth--;
                continue;
            }

            _positions[_depth] = position + 1;
            var item = node[position];
            if (item is null)
            {
                continue;
            }

            if (IsNode(item))
            {
                _depth++;
                _nodes[_depth] = (object?[])item;
                _positions[_depth] = 0;
                continue;
            }

            _current = (HashTrieLeaf<TValue>)item;
            return true;
        }

        _current = null;
        return false;
    }

    [InlineArray(MaxDepth)]
    private struct NodeStack
    {
        private object?[] _element;
    }

    [InlineArray(MaxDepth)]
    private struct PositionStack
    {
        private int _element;
    }
}
