using Vexil.Server.Auth;
using Vexil.Server.Storage;

namespace Vexil.Server.Api;

/// <summary>Request facts that go with every write into the audit log.</summary>
internal static class HttpContextExtensions
{
    /// <summary>The header carrying an optional audit comment.</summary>
    public const string CommentHeader = "X-Vexil-Comment";

    public static WriteContext WriteContext(this HttpContext context)
    {
        string? comment = context.Request.Headers[CommentHeader];
        return new WriteContext(context.User.ActorOf(), context.TraceIdentifier, string.IsNullOrWhiteSpace(comment) ? null : comment, context.User.WriterRoleOf());
    }
}
