using System.Net.Http.Headers;

namespace Tandem.Notifications;

/// <summary>An HTTP POST of the event as JSON (<see cref="NotificationText.Json"/>); any status but 2xx is a failure.</summary>
public sealed class WebhookNotifier(Uri url, HttpClient http) : INotifier
{
    public string Name => $"webhook {url.GetLeftPart(UriPartial.Path)}";

    public async Task SendAsync(NotificationEvent notification, CancellationToken ct)
    {
        using var content = new ByteArrayContent(NotificationText.Json(notification));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await http.PostAsync(url, content, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"the webhook answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
    }
}
