namespace Vexil.Hosting.Ofrep;

/// <summary>The browser origins some active client key allows: what a CORS preflight (which carries no key) may be answered for.</summary>
internal interface IKnownOrigins
{
    ValueTask<bool> IsKnownAsync(string origin, CancellationToken cancellationToken);
}
