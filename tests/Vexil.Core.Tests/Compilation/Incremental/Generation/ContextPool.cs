using System.Text.Json;
using Vexil.Core.Context;

namespace Vexil.Core.Tests.Compilation.Incremental.Generation;

/// <summary>
/// Contexts that hit targets, segments, every operator and both sides of rollouts; and some that miss. Contexts of
/// kinds (single and multi) for the kinded targets, clauses and rollouts; Unleash's fields for its operators. Every
/// context has a <c>sessionId</c>, so that no Unleash stickiness falls back to a random draw (evaluation stays a
/// function of the context, which the comparison needs).
/// </summary>
internal static class ContextPool
{
    /// <summary>The targeting keys that targets and segments name.</summary>
    public static readonly string[] TargetingKeys = ["u1", "u2", "u3", "vip", "staff-1"];

    /// <summary>The keys that targets and segment contexts of a kind name.</summary>
    public static readonly string[] KindedKeys = ["acme", "u1", "d-1", "globex"];

    public static readonly IReadOnlyList<EvaluationContext> Contexts = Build(
        """{"sessionId":"s0"}""",
        """{"targetingKey":"u1","country":"NL","plan":"pro","email":"ann@example.com","age":30.5,"appVersion":"2.4.1","signup":"2024-06-01T00:00:00Z","ip":"10.1.2.3","beta":true,"org":{"plan":"enterprise"},"sessionId":"s1","appName":"web-shop"}""",
        """{"targetingKey":"u2","country":"DE","plan":"free","email":"bob@corp.com","age":17,"appVersion":"2.3.0-rc.1","signup":1600000000000,"ip":"192.168.1.9","beta":false,"sessionId":"s2","remoteAddress":"192.168.1.9"}""",
        """{"targetingKey":"u3","country":"US","plan":"Pro","email":"CAROL@EXAMPLE.COM","age":100,"appVersion":"1.0.0","ip":"2001:db8::1","org":{"plan":"free"},"sessionId":"s3","currentTime":"2050-01-01T00:00:00Z"}""",
        """{"targetingKey":"vip","country":"NL","plan":"enterprise","age":18,"appVersion":"not a version","signup":"yesterday","ip":"nope","sessionId":"s4","appName":"WEB"}""",
        """{"targetingKey":"staff-1","email":"dev@example.com","beta":true,"age":"old","sessionId":"s5","currentTime":1}""",
        """{"targetingKey":"someone-else","country":"nl","plan":"pro","appVersion":"2.4.2","ip":"10.255.0.1","org":{"plan":"pro"},"sessionId":"s6","remoteAddress":"10.1.2.3"}""",
        """{"targetingKey":"user-4711","country":["NL","DE"],"plan":null,"email":"x@example.com","age":0,"signup":"2023-12-31T23:59:59Z","sessionId":"s7"}""",
        """{"org":{"plan":"enterprise"},"country":"NL","sessionId":"s8"}""",
        """{"targetingKey":"","plan":"free","sessionId":"s9"}""",
        """{"kind":"multi","user":{"targetingKey":"u1","email":"ann@example.com","plan":"pro","country":"NL"},"org":{"targetingKey":"acme","plan":"enterprise","address":{"city":"Utrecht"},"name":"Acme"},"sessionId":"s10"}""",
        """{"kind":"org","targetingKey":"globex","plan":"pro","address":{"city":"Utrecht"},"sessionId":"s11"}""",
        """{"kind":"device","key":"d-1","email":"a@example.com","sessionId":"s12"}""",
        """{"kind":"multi","user":{"key":"u2"},"device":{"targetingKey":"d-1"},"sessionId":"s13"}""",
        """{"kind":"nope!","targetingKey":"u1","sessionId":"s14"}""");

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
