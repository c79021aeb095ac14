using Microsoft.Extensions.Logging;
using Tandem.Config;

namespace Tandem.Notifications;

/// <summary>The notifiers <c>[notify]</c> asks for, behind one dispatcher.</summary>
public static class Notifiers
{
    public static IReadOnlyList<INotifier> From(NotifyOptions options, HttpClient http)
    {
        var list = new List<INotifier>();
        if (options.EmailTo.Count > 0)
            list.Add(new EmailNotifier(options));
        if (options.Webhook is { } url)
            list.Add(new WebhookNotifier(new Uri(url), http));
        return list;
    }

    /// <summary>A dispatcher for <paramref name="options"/>; one that does nothing when none is configured.</summary>
    public static NotificationDispatcher Dispatcher(NotifyOptions options, HttpClient http, ILogger log, TimeProvider? time = null) =>
        new(From(options, http), options.Timeout, log, time);
}
