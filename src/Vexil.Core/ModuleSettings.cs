using System.Runtime.CompilerServices;

// Stack buffers on the evaluation path (bucketing input, number formatting) are always written before they are
// read; zeroing them on every call would cost more than the hash itself.
[module: SkipLocalsInit]
