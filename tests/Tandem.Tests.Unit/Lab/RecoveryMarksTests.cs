using Tandem.Lab;

namespace Tandem.Tests.Unit.Lab;

public sealed class RecoveryMarksTests
{
    static readonly DateTimeOffset F = DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void EachPhaseRunsFromThePreviousMark()
    {
        var events = new List<(DateTimeOffset, string)>
        {
            (F.AddSeconds(-5), "node-a dead after 1.0 s silence"), // before the fault: ignored
            (F.AddSeconds(1.0), "node-a dead after 1.0 s silence"),
            (F.AddSeconds(1.1), "r0: Secondary/Unknown UpToDate/DUnknown WFConnection -> Primary/Unknown UpToDate/DUnknown WFConnection"),
            (F.AddSeconds(1.3), "group mysql: Filesystem::/dev/tandem/r0::/x::ext4 started"),
            (F.AddSeconds(2.2), "group mysql on node-b: started on node-b"),
        };
        var b = RecoveryMarks.Compute(events, "node-a", "node-b", F, F.AddSeconds(2.4));
        Assert.Equal(new RecoveryBreakdown(1.0, 0.1, 0.2, 0.9, 0.2), b);
    }

    [Fact]
    public void AMissingMarkLeavesItsPhaseNullAndTheNextSpansFromTheLastFound()
    {
        var events = new List<(DateTimeOffset, string)>
        {
            (F.AddSeconds(1.0), "node-a dead after 1.0 s silence"),
            (F.AddSeconds(2.0), "started on node-b"),
        };
        var b = RecoveryMarks.Compute(events, "node-a", "node-b", F, F.AddSeconds(2.5));
        Assert.Equal(new RecoveryBreakdown(1.0, null, null, 1.0, 0.5), b);
    }

    [Fact]
    public void NoEventsNoBreakdown() =>
        Assert.Equal(RecoveryBreakdown.None, RecoveryMarks.Compute([], "node-a", "node-b", F, F.AddSeconds(1)));
}
