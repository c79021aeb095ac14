using Microsoft.Extensions.Logging;

namespace Tandem.Notifications;

/// <summary>Log events of notifications: ids 2100-2199.</summary>
static partial class NotificationLog
{
    [LoggerMessage(2100, LogLevel.Information, "notifications: {Count} notifier(s): {Names}")]
    public static partial void Configured(this ILogger log, int count, string names);

    [LoggerMessage(2101, LogLevel.Information, "notified {Notifier}: {Kind}: {Text}")]
    public static partial void Sent(this ILogger log, string notifier, string kind, string text);

    [LoggerMessage(2102, LogLevel.Warning, "could not notify {Notifier} about \"{Text}\": {Reason}")]
    public static partial void SendFailed(this ILogger log, string notifier, string text, string reason);

    [LoggerMessage(2103, LogLevel.Warning, "{Notifier} did not finish within {Timeout}; gave up on \"{Text}\"")]
    public static partial void SendTimedOut(this ILogger log, string notifier, string timeout, string text);

    [LoggerMessage(2104, LogLevel.Warning, "{Notifier} is behind; dropped the oldest queued notification \"{Text}\"")]
    public static partial void Dropped(this ILogger log, string notifier, string text);

    [LoggerMessage(2105, LogLevel.Warning, "notifications are shutting down; \"{Text}\" was not sent to {Notifier}")]
    public static partial void NotSentAtShutdown(this ILogger log, string notifier, string text);
}
