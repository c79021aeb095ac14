using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Tandem.Config;

namespace Tandem.Notifications;

/// <summary>Mail over SMTP with MailKit: one connection per event, STARTTLS as configured, optional login.</summary>
public sealed class EmailNotifier : INotifier
{
    readonly NotifyOptions options;
    readonly string host;
    readonly int port;

    public EmailNotifier(NotifyOptions options)
    {
        if (options.EmailTo.Count == 0)
            throw new ArgumentException("email notifications need at least one address in email_to", nameof(options));
        if (!HostPort.TryParse(options.Smtp, out host, out port, out var error, examplePort: 25))
            throw new ArgumentException($"smtp: {error}", nameof(options));
        this.options = options;
    }

    public string Name => $"email to {string.Join(", ", options.EmailTo)} via {options.Smtp}";

    public async Task SendAsync(NotificationEvent notification, CancellationToken ct)
    {
        var message = Message(notification);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, options.Timeout.TotalMilliseconds) };
        await client.ConnectAsync(host, port, Security(options.StartTls), ct);
        if (options.SmtpUser is { } user)
            await client.AuthenticateAsync(user, await PasswordAsync(ct), ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    /// <summary>The mail for <paramref name="notification"/>: subject line, and a plain text body.</summary>
    public MimeMessage Message(NotificationEvent notification)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.EmailFrom));
        foreach (var to in options.EmailTo)
            message.To.Add(MailboxAddress.Parse(to));
        message.Subject = NotificationText.Subject(notification);
        message.Date = notification.At;
        message.Body = new TextPart("plain") { Text = NotificationText.Body(notification) };
        return message;
    }

    static SecureSocketOptions Security(StartTlsMode mode) => mode switch
    {
        StartTlsMode.On => SecureSocketOptions.StartTls,
        StartTlsMode.Off => SecureSocketOptions.None,
        _ => SecureSocketOptions.Auto,
    };

    async Task<string> PasswordAsync(CancellationToken ct)
    {
        var path = options.SmtpPasswordFile ?? throw new InvalidOperationException("smtp_user is set without smtp_password_file");
        var text = await File.ReadAllTextAsync(path, ct);
        var newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}
