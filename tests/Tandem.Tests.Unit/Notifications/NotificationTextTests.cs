using System.Text.Json;
using Tandem.Notifications;

namespace Tandem.Tests.Unit.Notifications;

public class NotificationTextTests
{
    static readonly DateTimeOffset At = new(2026, 11, 24, 13, 0, 3, 120, TimeSpan.FromHours(1));

    [Fact]
    public void Failover_reads_as_a_sentence_with_fields()
    {
        var e = NotificationEvent.Failover("db", "mysql", "db-server-01", "db-server-02", "db-server-01 dead after 3.0 s silence", At);
        Assert.Equal("[tandem db] failover: group mysql moved from db-server-01 to db-server-02: db-server-01 dead after 3.0 s silence",
            NotificationText.Subject(e));
        Assert.Equal("""
            group mysql moved from db-server-01 to db-server-02: db-server-01 dead after 3.0 s silence

            event:    failover
            cluster:  db
            node:     db-server-02
            group:    mysql
            at:       2026-11-24T12:00:03.120Z

            """.Replace("\r", ""), NotificationText.Body(e));
    }

    [Fact]
    public void Json_has_every_field_and_nulls_for_the_missing_ones()
    {
        var e = NotificationEvent.Recovered("db", "a", "mysql", null, "restarted in place", At);
        using var doc = JsonDocument.Parse(NotificationText.Json(e));
        var root = doc.RootElement;
        Assert.Equal("recovered", root.GetProperty("kind").GetString());
        Assert.Equal("group mysql runs again on a: restarted in place", root.GetProperty("text").GetString());
        Assert.Equal("db", root.GetProperty("cluster").GetString());
        Assert.Equal("a", root.GetProperty("node").GetString());
        Assert.Equal("mysql", root.GetProperty("group").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("resource").ValueKind);
        Assert.Equal("2026-11-24T12:00:03.120Z", root.GetProperty("at").GetString());
    }

    [Fact]
    public void Subject_is_one_bounded_line()
    {
        var e = NotificationEvent.ResourceFailed("db", "a", "g", "r", "line one\nline two " + new string('x', 500), At);
        var subject = NotificationText.Subject(e);
        Assert.Equal(NotificationText.MaxSubject, subject.Length);
        Assert.DoesNotContain('\n', subject);
        Assert.EndsWith("...", subject);
        Assert.Contains("line two", NotificationText.Body(e));
        Assert.Equal("\"resource_failed\"", JsonSerializer.Serialize(JsonDocument.Parse(NotificationText.Json(e)).RootElement.GetProperty("kind")));
    }
}
