using System.Text.Json;
using Vexil.Core.Context;

namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>Contexts that hit targets, segments, every operator and both sides of rollouts; and some that miss.</summary>
internal static class ContextPool
{
    /// <summary>The targeting keys that targets and segments name.</summary>
    public static readonly string[] TargetingKeys = ["u1", "u2", "u3", "vip", "staff-1"];

    public static readonly IReadOnlyList<EvaluationContext> Contexts = Build(
        "{}",
        """{"targetingKey":"u1","country":"NL","plan":"pro","email":"ann@example.com","age":30.5,"appVersion":"2.4.1","signup":"2024-06-01T00:00:00Z","ip":"10.1.2.3","beta":true,"org":{"plan":"enterprise"}}""",
        """{"targetingKey":"u2","country":"DE","plan":"free","email":"bob@corp.com","age":17,"appVersion":"2.3.0-rc.1","signup":1600000000000,"ip":"192.168.1.9","beta":false}""",
        """{"targetingKey":"u3","country":"US","plan":"Pro","email":"CAROL@EXAMPLE.COM","age":100,"appVersion":"1.0.0","ip":"2001:db8::1","org":{"plan":"free"}}""",
        """{"targetingKey":"vip","country":"NL","plan":"enterprise","age":18,"appVersion":"not a version","signup":"yesterday","ip":"nope"}""",
        """{"targetingKey":"staff-1","email":"dev@example.com","beta":true,"age":"old"}""",
        """{"targetingKey":"someone-else","country":"nl","plan":"pro","appVersion":"2.4.2","ip":"10.255.0.1","org":{"plan":"pro"}}""",
        """{"targetingKey":"user-4711","country":["NL","DE"],"plan":null,"email":"x@example.com","age":0,"signup":"2023-12-31T23:59:59Z"}""",
        """{"org":{"plan":"enterprise"},"country":"NL"}""",
        """{"targetingKey":"","plan":"free"}""");

    private static EvaluationContext[] Build(params string[] json)
    {
        var contexts = new EvaluationContext[json.Length];
        for (var i = 0; i < json.Length; i++)
        {
            using var document = JsonDocument.Parse(json[i]);
            contexts[i] = EvaluationContext.FromJson(document.RootElement);
        }

        return contexts;
    }
}
