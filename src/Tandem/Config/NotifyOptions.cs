namespace Tandem.Config;

/// <summary>When mail is sent over TLS.</summary>
public enum StartTlsMode
{
    /// <summary>STARTTLS when the server offers it; implicit TLS on port 465.</summary>
    Auto,

    /// <summary>STARTTLS required: a server without it is an error (no password ever goes out in clear).</summary>
    On,

    /// <summary>Plain SMTP (a local relay on loopback).</summary>
    Off,
}

/// <summary>
/// <c>[notify]</c>: who hears about failovers, failed resources and recoveries. Mail goes to <see cref="EmailTo"/>
/// through the relay <see cref="Smtp"/>; <see cref="Webhook"/> receives a JSON POST. Neither set: no notifications.
/// </summary>
public sealed record NotifyOptions
{
    public static readonly NotifyOptions None = new();

    /// <summary><c>email_to</c>: recipients; empty sends no mail.</summary>
    public IReadOnlyList<string> EmailTo { get; init; } = [];

    /// <summary><c>email_from</c>.</summary>
    public string EmailFrom { get; init; } = Defaults.NotifyEmailFrom;

    /// <summary><c>smtp</c>: the relay as host:port.</summary>
    public string Smtp { get; init; } = Defaults.NotifySmtp;

    /// <summary><c>smtp_user</c>: log in to the relay as this user (with <see cref="SmtpPasswordFile"/>).</summary>
    public string? SmtpUser { get; init; }

    /// <summary><c>smtp_password_file</c>: a file whose first line is the relay password.</summary>
    public string? SmtpPasswordFile { get; init; }

    /// <summary><c>starttls</c>.</summary>
    public StartTlsMode StartTls { get; init; } = Defaults.NotifyStartTls;

    /// <summary><c>webhook</c>: an http:// or https:// URL that receives each event as JSON.</summary>
    public string? Webhook { get; init; }

    /// <summary><c>timeout</c>: how long one delivery may take before it is given up.</summary>
    public TimeSpan Timeout { get; init; } = Defaults.NotifyTimeout;

    /// <summary>Whether any notifier is configured.</summary>
    public bool IsConfigured => EmailTo.Count > 0 || Webhook is not null;
}
