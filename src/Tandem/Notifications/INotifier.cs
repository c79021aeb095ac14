namespace Tandem.Notifications;

/// <summary>One way of telling people: a mail, a webhook. Called only by <see cref="NotificationDispatcher"/>.</summary>
public interface INotifier
{
    /// <summary>Names the notifier in logs: "email to ops@example.com", "webhook https://...".</summary>
    string Name { get; }

    /// <summary>Delivers one event, or throws. The token is cancelled when the delivery takes too long.</summary>
    Task SendAsync(NotificationEvent notification, CancellationToken ct);
}
