using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tandem.Config;
using Tandem.Notifications;
using Tandem.Tests.Integration.MySql;

namespace Tandem.Tests.Integration.Notifications;

/// <summary>Mail through a real SMTP server and webhooks to a real HTTP listener, all on loopback.</summary>
public sealed class NotificationDeliveryTests : IDisposable
{
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 3, 120, TimeSpan.Zero);
    readonly ListLogger log = new();
    readonly HttpClient http = new();

    public void Dispose() => http.Dispose();

    static NotificationEvent Failover() =>
        NotificationEvent.Failover("db", "mysql", "db-server-01", "db-server-02", "db-server-01 dead after 3.0 s silence", At);

    NotificationDispatcher Dispatcher(NotifyOptions options) => Notifiers.Dispatcher(options, http, log);

    [Fact]
    public async Task Mail_arrives_with_the_event_in_subject_and_body()
    {
        using var smtp = await SmtpSink.StartAsync();
        var options = new NotifyOptions
        {
            EmailTo = ["ops@example.com", "dba@example.com"],
            EmailFrom = "tandem@db.example.com",
            Smtp = $"127.0.0.1:{smtp.Port}",
        };
        await using (var d = Dispatcher(options))
        {
            d.Publish(Failover());
            await d.WhenIdleAsync().WaitAsync(Guard);
            Assert.True(d.Counters[0].Sent == 1, log.ToString());
        }
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("[tandem db] failover: group mysql moved from db-server-01 to db-server-02: db-server-01 dead after 3.0 s silence", mail.Subject);
        Assert.Equal(["ops@example.com", "dba@example.com"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("tandem@db.example.com", Assert.Single(mail.From.Mailboxes).Address);
        Assert.Contains("group mysql moved from db-server-01 to db-server-02", mail.TextBody);
        Assert.Contains("node:     db-server-02", mail.TextBody);
        Assert.Contains("at:       2026-11-24T12:00:03.120Z", mail.TextBody);
    }

    [Fact]
    public async Task Starttls_required_against_a_relay_without_it_sends_nothing_and_logs_why()
    {
        using var smtp = await SmtpSink.StartAsync();
        var options = new NotifyOptions { EmailTo = ["ops@example.com"], Smtp = $"127.0.0.1:{smtp.Port}", StartTls = StartTlsMode.On };
        await using (var d = Dispatcher(options))
        {
            d.Publish(Failover());
            await d.WhenIdleAsync().WaitAsync(Guard);
            Assert.Equal(1, d.Counters[0].Failed);
        }
        Assert.Empty(smtp.Messages);
        Assert.Contains(log.Lines, l => l.Contains(" 2102 ", StringComparison.Ordinal) && l.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Webhook_receives_the_event_as_json()
    {
        using var hook = new WebhookListener();
        await using (var d = Dispatcher(new NotifyOptions { Webhook = hook.Url("/tandem?token=abc") }))
        {
            d.Publish(NotificationEvent.ResourceFailed("db", "db-server-01", "mysql", "mysql::/etc/mysql/my.cnf", "TimedOut: no answer within 10s", At));
            await d.WhenIdleAsync().WaitAsync(Guard);
            Assert.True(d.Counters[0].Sent == 1, log.ToString());
        }
        var request = Assert.Single(hook.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/tandem?token=abc", request.Path);
        Assert.StartsWith("application/json", request.ContentType);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("resource_failed", root.GetProperty("kind").GetString());
        Assert.Equal("db", root.GetProperty("cluster").GetString());
        Assert.Equal("db-server-01", root.GetProperty("node").GetString());
        Assert.Equal("mysql", root.GetProperty("group").GetString());
        Assert.Equal("mysql::/etc/mysql/my.cnf", root.GetProperty("resource").GetString());
        Assert.Equal("2026-11-24T12:00:03.120Z", root.GetProperty("at").GetString());
        Assert.Equal("resource mysql::/etc/mysql/my.cnf of group mysql failed on db-server-01: TimedOut: no answer within 10s", root.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_webhook_that_answers_an_error_is_a_logged_failure()
    {
        using var hook = new WebhookListener(HttpStatusCode.InternalServerError);
        await using var d = Dispatcher(new NotifyOptions { Webhook = hook.Url("/x") });
        d.Publish(Failover());
        await d.WhenIdleAsync().WaitAsync(Guard);
        Assert.Single(hook.Requests);
        Assert.Equal(1, d.Counters[0].Failed);
        Assert.Contains(log.Lines, l => l.Contains(" 2102 ", StringComparison.Ordinal) && l.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dead_ports_fail_in_the_background_and_the_other_notifier_still_delivers()
    {
        var dead = SmtpSink.FreePort();
        using var hook = new WebhookListener();
        var options = new NotifyOptions { EmailTo = ["ops@example.com"], Smtp = $"127.0.0.1:{dead}", Webhook = hook.Url("/ok") };
        await using var d = Dispatcher(options);
        d.Publish(Failover());
        await d.WhenIdleAsync().WaitAsync(Guard);
        Assert.Equal(1, d.Counters[0].Failed);
        Assert.Equal(1, d.Counters[1].Sent);
        Assert.Single(hook.Requests);
        Assert.Contains(log.Lines, l => l.Contains(" 2102 ", StringComparison.Ordinal) && l.Contains("email to ops@example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_relay_that_never_answers_does_not_hold_up_the_caller()
    {
        // Accepts connections and says nothing, like a hung mail server.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var options = new NotifyOptions
        {
            EmailTo = ["ops@example.com"],
            Smtp = $"127.0.0.1:{port}",
            Webhook = $"http://127.0.0.1:{port}/hook",
            Timeout = TimeSpan.FromSeconds(2),
        };
        await using var d = Dispatcher(options);
        d.Publish(Failover());
        // Publish has returned while both deliveries are still waiting for an answer.
        Assert.All(d.Counters, c => Assert.Equal((0L, 0L), (c.Sent, c.Failed)));
        await d.WhenIdleAsync().WaitAsync(Guard);
        Assert.All(d.Counters, c => Assert.Equal(1, c.Failed));
        Assert.Equal(2, log.Lines.Count(l => l.Contains(" 2103 ", StringComparison.Ordinal)));
    }
}
