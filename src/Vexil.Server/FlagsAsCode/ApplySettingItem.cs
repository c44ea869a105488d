namespace Vexil.Server.FlagsAsCode;

/// <summary>One setting of an applied file: <c>changePolicy</c>, <c>permissions</c> or <c>clientKeys</c> (with the key's name).</summary>
internal sealed record ApplySettingItem(string Section, string? Key, string Change, IReadOnlyList<string> Fields);
