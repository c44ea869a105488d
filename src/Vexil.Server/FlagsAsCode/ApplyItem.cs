namespace Vexil.Server.FlagsAsCode;

/// <summary>One flag or segment of an applied file.</summary>
internal sealed record ApplyItem(string Key, string Change, IReadOnlyList<string> Fields);
