using System.Text;
using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary><c>[notify]</c>, printed only when something is configured.</summary>
public static partial class ConfigPrinter
{
    static void Notify(StringBuilder w, NotifyOptions n)
    {
        if (!n.IsConfigured)
            return;
        w.Append("\n[notify]\n");
        w.Append($"email_to = [{string.Join(", ", n.EmailTo.Select(TomlFormat.String))}]\n");
        Set(w, "email_from", n.EmailFrom);
        Set(w, "smtp", n.Smtp);
        if (n.SmtpUser is not null)
            Set(w, "smtp_user", n.SmtpUser);
        if (n.SmtpPasswordFile is not null)
            Set(w, "smtp_password_file", n.SmtpPasswordFile);
        Set(w, "starttls", n.StartTls switch { StartTlsMode.On => "on", StartTlsMode.Off => "off", _ => "auto" });
        if (n.Webhook is not null)
            Set(w, "webhook", n.Webhook);
        Set(w, "timeout", Duration.Format(n.Timeout));
    }
}
