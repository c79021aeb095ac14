using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary><c>[notify]</c>: email over SMTP and a webhook.</summary>
sealed partial class ConfigBuilder
{
    static readonly (string, StartTlsMode)[] StartTlsNames = [("auto", StartTlsMode.Auto), ("on", StartTlsMode.On), ("off", StartTlsMode.Off)];

    NotifyOptions ReadNotify(TableReader root)
    {
        var table = root.SubTable("notify", "a table: [notify]");
        if (table is null)
            return NotifyOptions.None;
        var r = root.Child(table, "notify");
        var emailTo = new List<string>();
        foreach (var (address, at) in r.StringList("email_to"))
        {
            if (CheckAddress(r, "email_to", address, at))
                emailTo.Add(address);
        }
        var from = r.Get<TomlString>("email_from", "an address in quotes such as \"tandem@db.example.com\"");
        if (from is not null)
            CheckAddress(r, "email_from", from.Value, from);
        var smtp = r.Get<TomlString>("smtp", "host:port in quotes such as \"localhost:25\"");
        if (smtp is not null && !HostPort.TryParse(smtp.Value, out _, out _, out var smtpError, examplePort: 25))
            r.Error(smtp, "smtp", smtpError);
        var user = r.Get<TomlString>("smtp_user", "a user name in quotes");
        if (user is not null && user.Value.Trim().Length == 0)
            r.Error(user, "smtp_user", "must not be empty; remove it to send without logging in");
        var passwordFile = r.Get<TomlString>("smtp_password_file", "an absolute path in quotes");
        if (passwordFile is not null)
            r.CheckPath(passwordFile, "smtp_password_file");
        if ((user is null) != (passwordFile is null))
            r.Error((TomlValue?)user ?? passwordFile!, user is null ? "smtp_password_file" : "smtp_user",
                "smtp_user and smtp_password_file go together; set both to log in to the relay, or neither");
        var startTls = ReadStartTls(r);
        var webhook = r.Get<TomlString>("webhook", "a URL in quotes such as \"https://hooks.example.com/tandem\"");
        if (webhook is not null)
            CheckWebhook(r, webhook);
        var options = new NotifyOptions
        {
            EmailTo = emailTo,
            EmailFrom = from?.Value ?? Defaults.NotifyEmailFrom,
            Smtp = smtp?.Value ?? Defaults.NotifySmtp,
            SmtpUser = user?.Value,
            SmtpPasswordFile = passwordFile?.Value,
            StartTls = startTls,
            Webhook = webhook?.Value,
            Timeout = r.Duration("timeout", Defaults.NotifyTimeout),
        };
        if (user is not null && startTls == StartTlsMode.Off)
            diag.Warning(diag.PositionOf(r.KeyPath("starttls"), table.Position), r.KeyPath("starttls"),
                "starttls = \"off\" with smtp_user sends the relay password in clear; use \"on\" unless the relay is on loopback");
        if (!options.IsConfigured && table.Entries.Any())
            diag.Warning(table.Position, "notify", "[notify] has neither email_to nor webhook, so nothing is sent; add email_to = [\"ops@example.com\"] or webhook = \"https://...\"");
        r.RejectUnknown();
        return options;
    }

    /// <summary><c>starttls</c> as "auto", "on" or "off"; true and false are accepted for on and off.</summary>
    static StartTlsMode ReadStartTls(TableReader r)
    {
        var entry = r.Table.TryGet("starttls", out var e) ? e : null;
        if (entry?.Value is TomlBoolean b)
        {
            r.Entry("starttls");
            return b.Value ? StartTlsMode.On : StartTlsMode.Off;
        }
        return r.Choice("starttls", Defaults.NotifyStartTls, StartTlsNames);
    }

    /// <summary>A plain address: local@domain, no spaces or angle brackets (a display name is not needed here).</summary>
    static bool CheckAddress(TableReader r, string key, string address, TomlValue at)
    {
        var atSign = address.LastIndexOf('@');
        if (atSign > 0 && atSign < address.Length - 1 && !address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';'))
            return true;
        r.Error(at, key, $"\"{address}\" is not an email address; write it as user@example.com");
        return false;
    }

    static void CheckWebhook(TableReader r, TomlString webhook)
    {
        if (!Uri.TryCreate(webhook.Value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            r.Error(webhook, "webhook", $"\"{webhook.Value}\" is not an http:// or https:// URL; write it as \"https://hooks.example.com/tandem\"");
    }
}
