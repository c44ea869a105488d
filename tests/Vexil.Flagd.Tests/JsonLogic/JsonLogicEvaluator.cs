using System.Text;
using System.Text.Json;
using Vexil.Core.Context;
using Vexil.Core.Serialization;
using Vexil.Flagd.JsonLogic;

namespace Vexil.Flagd.Tests.JsonLogic;

/// <summary>Compiles a JsonLogic expression and evaluates it against a JSON context, returning the result as JSON.</summary>
internal static class JsonLogicEvaluator
{
    public static string Evaluate(string logic, string context = "{}", string flagKey = "flag", TimeProvider? timeProvider = null)
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse(logic);
        var compiler = new JsonLogicCompiler(flagKey, timeProvider ?? TimeProvider.System, new Dictionary<string, EvaluatorDefinition>(), errors);
        var node = compiler.Compile(document.RootElement, "targeting") ?? throw new InvalidOperationException(string.Join("; ", errors));
        using var contextDocument = JsonDocument.Parse(context);
        var value = node.Evaluate(new JsonLogicScope(EvaluationContext.FromJson(contextDocument.RootElement)));
        return ToJson(value);
    }

    public static IReadOnlyList<ValidationError> Errors(string logic)
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse(logic, new JsonDocumentOptions { MaxDepth = 256 });
        new JsonLogicCompiler("flag", TimeProvider.System, new Dictionary<string, EvaluatorDefinition>(), errors).Compile(document.RootElement, "targeting");
        return errors;
    }

    private static string ToJson(ContextValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
