using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Vexil.Core.Context;

namespace Vexil.Sdk.AspNetCore.FeatureManagement;

/// <summary>
/// The default <see cref="IVexilContextAccessor"/>: the current request's user. The targeting key is the
/// <c>NameIdentifier</c> claim (else the identity's name); attributes are <c>authenticated</c>, <c>name</c>,
/// <c>email</c> and <c>roles</c> when present. No request or no user gives a context without a targeting key.
/// The context is built once per request and kept in <see cref="HttpContext.Items"/>.
/// </summary>
public sealed class HttpContextVexilContextAccessor(IHttpContextAccessor httpContextAccessor) : IVexilContextAccessor
{
    private static readonly object ItemKey = new();

    /// <inheritdoc />
    public EvaluationContext GetContext()
    {
        var http = httpContextAccessor.HttpContext;
        if (http is null)
        {
            return EvaluationContext.Empty;
        }

        if (http.Items.TryGetValue(ItemKey, out var cached) && cached is EvaluationContext context)
        {
            return context;
        }

        context = Build(http.User);
        http.Items[ItemKey] = context;
        return context;
    }

    /// <summary>Builds a context from a principal.</summary>
    public static EvaluationContext Build(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity)
        {
            return EvaluationContext.Empty;
        }

        var key = user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? identity.Name;
        var builder = EvaluationContext.CreateBuilder(key).Set("authenticated", true);
        if (identity.Name is { } name)
        {
            builder.Set("name", name);
        }

        if (user.FindFirst(ClaimTypes.Email)?.Value is { } email)
        {
            builder.Set("email", email);
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray();
        if (roles.Length > 0)
        {
            builder.Set("roles", roles);
        }

        return builder.Build();
    }
}
