using Tandem.Config;

namespace Tandem.Tests.Unit.Config;

public class NotifyConfigTests
{
    const string File = "/etc/tandem/tandem.toml";

    static string With(string notify) => ConfigSamples.Minimal + "\n[notify]\n" + notify + "\n";

    static IReadOnlyList<ConfigError> Errors(string text) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, File)).Errors;

    static int LineOf(string text, string marker) =>
        1 + text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(marker)).i;

    static ConfigError Single(string text, string key)
    {
        var error = Assert.Single(Errors(text));
        Assert.Equal(key, error.Key);
        return error;
    }

    [Fact]
    public void Absent_means_no_notifications_and_prints_nothing()
    {
        var config = ConfigLoader.Parse(ConfigSamples.Minimal, File);
        Assert.Same(NotifyOptions.None, config.Notify);
        Assert.False(config.Notify.IsConfigured);
        Assert.DoesNotContain("[notify]", ConfigPrinter.Print(config));
    }

    [Fact]
    public void Every_key_is_read()
    {
        var n = ConfigLoader.Parse(With("""
            email_to = ["ops@example.com", "dba@example.com"]
            email_from = "tandem@db.example.com"
            smtp = "mail.example.com:587"
            smtp_user = "tandem"
            smtp_password_file = "/etc/tandem/smtp-password"
            starttls = "on"
            webhook = "https://hooks.example.com/tandem?token=x"
            timeout = "5s"
            """), File).Notify;
        Assert.Equal(["ops@example.com", "dba@example.com"], n.EmailTo);
        Assert.Equal("tandem@db.example.com", n.EmailFrom);
        Assert.Equal("mail.example.com:587", n.Smtp);
        Assert.Equal("tandem", n.SmtpUser);
        Assert.Equal("/etc/tandem/smtp-password", n.SmtpPasswordFile);
        Assert.Equal(StartTlsMode.On, n.StartTls);
        Assert.Equal("https://hooks.example.com/tandem?token=x", n.Webhook);
        Assert.Equal(TimeSpan.FromSeconds(5), n.Timeout);
        Assert.True(n.IsConfigured);
    }

    [Fact]
    public void Defaults_fill_the_rest()
    {
        var n = ConfigLoader.Parse(With("email_to = [\"ops@example.com\"]"), File).Notify;
        Assert.Equal(Defaults.NotifySmtp, n.Smtp);
        Assert.Equal(Defaults.NotifyEmailFrom, n.EmailFrom);
        Assert.Equal(Defaults.NotifyStartTls, n.StartTls);
        Assert.Equal(Defaults.NotifyTimeout, n.Timeout);
        Assert.Null(n.SmtpUser);
        Assert.Null(n.Webhook);
    }

    [Theory]
    [InlineData("starttls = true", StartTlsMode.On)]
    [InlineData("starttls = false", StartTlsMode.Off)]
    [InlineData("starttls = \"off\"", StartTlsMode.Off)]
    [InlineData("starttls = \"auto\"", StartTlsMode.Auto)]
    public void Starttls_takes_words_and_booleans(string line, StartTlsMode mode) =>
        Assert.Equal(mode, ConfigLoader.Parse(With("webhook = \"http://127.0.0.1:9/x\"\n" + line), File).Notify.StartTls);

    [Theory]
    [InlineData("email_to = [\"ops@example.com\"]\nsmtp_user = \"u\"\nsmtp_password_file = \"/p\"\nstarttls = \"on\"\nwebhook = \"http://h/x\"\ntimeout = \"1500ms\"")]
    [InlineData("webhook = \"https://hooks.example.com/a b\"")]
    [InlineData("email_to = [\"a@b\"]\nemail_from = \"x@y\"\nsmtp = \"[::1]:2525\"")]
    public void Print_then_parse_gives_the_same_notify_table(string notify)
    {
        var config = ConfigLoader.Parse(With(notify), File);
        var printed = ConfigPrinter.Print(config);
        var again = ConfigLoader.Parse(printed, File);
        Assert.Equal(config.Notify with { EmailTo = [] }, again.Notify with { EmailTo = [] });
        Assert.Equal(config.Notify.EmailTo, again.Notify.EmailTo);
        Assert.Equal(printed, ConfigPrinter.Print(again));
    }

    [Theory]
    [InlineData("email_to = [\"ops\"]", "notify.email_to", "\"ops\" is not an email address; write it as user@example.com")]
    [InlineData("email_to = [\"ops@example.com\", 5]", "notify.email_to", "expected each element to be a string")]
    [InlineData("email_to = \"ops@example.com\"", "notify.email_to", "expected an array of strings")]
    [InlineData("email_to = [\"a@b\"]\nemail_from = \"Tandem <t@b>\"", "notify.email_from", "is not an email address")]
    [InlineData("email_to = [\"a@b\"]\nsmtp = \"mail.example.com\"", "notify.smtp", "has no port; write host:port, such as \"mail.example.com:25\"")]
    [InlineData("email_to = [\"a@b\"]\nsmtp = \"mail:99999\"", "notify.smtp", "the port must be a number from 1 to 65535")]
    [InlineData("email_to = [\"a@b\"]\nsmtp_user = \"u\"", "notify.smtp_user", "smtp_user and smtp_password_file go together")]
    [InlineData("email_to = [\"a@b\"]\nsmtp_password_file = \"/p\"", "notify.smtp_password_file", "smtp_user and smtp_password_file go together")]
    [InlineData("email_to = [\"a@b\"]\nsmtp_user = \"u\"\nsmtp_password_file = \"p\"", "notify.smtp_password_file", "is not an absolute path")]
    [InlineData("webhook = \"ftp://h/x\"", "notify.webhook", "is not an http:// or https:// URL")]
    [InlineData("webhook = \"hooks.example.com\"", "notify.webhook", "is not an http:// or https:// URL")]
    [InlineData("webhook = \"http://h/x\"\nstarttls = \"maybe\"", "notify.starttls", "\"maybe\" is not valid here; use \"auto\", \"on\" or \"off\"")]
    [InlineData("webhook = \"http://h/x\"\ntimeout = 5", "notify.timeout", "write \"5s\" for seconds")]
    [InlineData("webhook = \"http://h/x\"\nemail_too = [\"a@b\"]", "notify.email_too", "unknown key; did you mean \"email_to\"?")]
    public void Mistakes_are_reported_at_their_line(string notify, string key, string message)
    {
        var text = With(notify);
        var e = Single(text, key);
        Assert.Contains(message, e.Message);
        Assert.Equal(File, e.File);
        var keyName = key["notify.".Length..];
        Assert.Equal(LineOf(text, keyName + " ="), e.Line);
        Assert.StartsWith($"{File}:{e.Line}: {key}: ", e.ToString());
    }

    [Fact]
    public void Notify_that_is_not_a_table_is_an_error()
    {
        var e = Single(ConfigSamples.Minimal.Replace("[cluster]", "notify = \"ops@example.com\"\n[cluster]"), "notify");
        Assert.Contains("expected a table: [notify]", e.Message);
    }

    [Fact]
    public void A_misspelled_section_suggests_notify()
    {
        var e = Single(ConfigSamples.Minimal + "\n[notfy]\nwebhook = \"http://h/x\"\n", "notfy");
        Assert.Contains("did you mean \"notify\"?", e.Message);
    }

    [Fact]
    public void Password_in_clear_and_an_empty_table_are_warnings()
    {
        var config = ConfigLoader.Parse(With("email_to = [\"a@b\"]\nsmtp_user = \"u\"\nsmtp_password_file = \"/p\"\nstarttls = false"), File);
        var w = Assert.Single(config.Warnings);
        Assert.Equal("notify.starttls", w.Key);
        Assert.Contains("sends the relay password in clear", w.Message);

        var empty = ConfigLoader.Parse(With("timeout = \"3s\""), File);
        Assert.Contains(empty.Warnings, x => x.Key == "notify" && x.Message.Contains("nothing is sent", StringComparison.Ordinal));
        Assert.False(empty.Notify.IsConfigured);
    }
}
