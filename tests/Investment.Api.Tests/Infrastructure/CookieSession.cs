using System.Text.Json;
using Investment.Api.Features.Auth;

namespace Investment.Api.Tests.Infrastructure;

/// <summary>A client signed in with the session cookie, the way the web app is; cookies kept by hand.</summary>
public sealed class CookieSession(HttpClient client)
{
    private readonly Dictionary<string, string> _cookies = [];

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, string? token = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        if (token is not null)
        {
            request.Headers.Add(CrossSiteRequests.HeaderName, token);
        }
        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var pair in set.Select(c => c.Split(';')[0]))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                _cookies[pair[..eq]] = pair[(eq + 1)..];
            }
        }
        return response;
    }

    public async Task<string> TokenAsync()
    {
        var body = await (await SendAsync(HttpMethod.Get, "/api/v1/auth/antiforgery")).ReadAsync<JsonElement>();
        Assert.Equal(CrossSiteRequests.HeaderName, body.GetProperty("headerName").GetString());
        return body.GetProperty("requestToken").GetString()!;
    }
}
