using Vexil.Core.Context;

namespace Vexil.Flagd.JsonLogic;

/// <summary>Turns <see cref="FlagdCompileOptions.StaticContext"/> into a context that compiled paths resolve against.</summary>
internal static class StaticContexts
{
    public static EvaluationContext? Build(FlagdCompileOptions options)
    {
        if (options.StaticContext.Count == 0)
        {
            return null;
        }

        var builder = EvaluationContext.CreateBuilder();
        foreach (var (name, value) in options.StaticContext)
        {
            builder.Set(name, value);
        }

        return builder.Build();
    }
}
