using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vexil.Cli.CommandLine;
using Vexil.Cli.Login;

namespace Vexil.Cli.Api;

/// <summary>The admin API over HTTP with the CLI's URL and token; every failure becomes a <see cref="CliException"/> telling what the server said.</summary>
internal sealed class AdminClient : IDisposable
{
    /// <summary>The header the server reads an audit comment from (the server's <c>HttpContextExtensions.CommentHeader</c>).</summary>
    public const string CommentHeader = "X-Vexil-Comment";

    private readonly HttpClient _http;

    private AdminClient(Uri url, string token, HttpMessageHandler? handler)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = url;
        _http.Timeout = TimeSpan.FromSeconds(60);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.Add(CliVersion.UserAgent);
    }

    public Uri Url => _http.BaseAddress!;

    /// <summary>Connects with <c>--url</c>, else <c>VEXIL_URL</c>, else the configuration file's URL, and <c>VEXIL_TOKEN</c>, else the file's token.</summary>
    public static AdminClient Connect(CliConsole console, string? url)
    {
        var config = CliConfig.Load(console.ConfigPath);
        url ??= NonEmpty(console.Variable("VEXIL_URL")) ?? config?.Url;
        var token = NonEmpty(console.Variable("VEXIL_TOKEN")) ?? config?.Token;
        if (url is null || token is null)
        {
            throw CliException.Failure("not logged in: run 'vexil login --url URL' (or set VEXIL_URL and VEXIL_TOKEN)");
        }

        return Create(url, token);
    }

    public static AdminClient Create(string url, string token, HttpMessageHandler? handler = null)
    {
        // A trailing slash keeps a path prefix (https://example.com/vexil/) when the API paths are resolved against it.
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw CliException.Usage($"'{url}' is not an http or https URL");
        }

        return new AdminClient(uri, token, handler);
    }

    public static string Segment(string value) => Uri.EscapeDataString(value);

    public Task<CliResponse> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, null, null, cancellationToken);

    public async Task<CliResponse> SendAsync(HttpMethod method, string path, HttpContent? content, string? ifMatch, string? comment, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (comment is not null)
        {
            request.Headers.TryAddWithoutValidation(CommentHeader, comment);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw CliException.Failure($"cannot reach {Url}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CliException.Failure($"{Url} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(DescribeProblem(response.StatusCode, text), 1) { Status = response.StatusCode };
            }

            JsonElement json = default;
            if (text.Length > 0)
            {
                try
                {
                    json = JsonDocument.Parse(text).RootElement;
                }
                catch (JsonException)
                {
                    throw CliException.Failure($"{Url} answered {(int)response.StatusCode} with a body that is not JSON: is this a Vexil control plane?");
                }
            }

            return new CliResponse(json, text, response.Headers.ETag?.ToString(), response.StatusCode);
        }
    }

    /// <summary>An RFC 7807 problem as lines: title and status, the detail, then every error by path.</summary>
    public static string DescribeProblem(HttpStatusCode status, string body)
    {
        var text = new StringBuilder();
        string? title = null;
        string? detail = null;
        JsonElement errors = default;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement.Clone();
            title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            errors = root.TryGetProperty("errors", out var e) ? e : default;
        }
        catch (JsonException)
        {
        }

        if (status == HttpStatusCode.NotFound && detail is not null)
        {
            // The server names what is missing ("environment 'prod' not found in project 'shop'"): that is the message.
            text.Append(detail).Append(" (404)");
        }
        else
        {
            text.Append(title ?? status.ToString()).Append(" (").Append((int)status).Append(')');
            if (detail is not null)
            {
                text.Append(": ").Append(detail);
            }
        }

        text.Append(status switch
        {
            HttpStatusCode.Unauthorized => "\nthe token was not accepted: run 'vexil login' with a valid token",
            HttpStatusCode.Forbidden => "\nthe token's role or project does not allow this",
            HttpStatusCode.PreconditionFailed => "\nsomeone changed it since it was read: read it again and retry",
            HttpStatusCode.NotFound when detail is null => $"\nthe server has no such endpoint: is it a Vexil control plane of this version?",
            _ => string.Empty,
        });
        if (errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var error in errors.EnumerateObject())
            {
                foreach (var message in error.Value.EnumerateArray())
                {
                    text.Append("\n  ").Append(error.Name.Length == 0 ? "(body)" : error.Name).Append(": ").Append(message.GetString());
                }
            }
        }

        return text.ToString();
    }

    public void Dispose() => _http.Dispose();

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
