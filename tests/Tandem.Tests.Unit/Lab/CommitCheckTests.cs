using Tandem.Lab;

namespace Tandem.Tests.Unit.Lab;

public sealed class CommitCheckTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    static CommitJournal Journal(params string[] lines) => CommitJournal.Parse(string.Join('\n', lines) + "\n");

    [Fact]
    public void EveryAcknowledgedRowPresentIsClean()
    {
        var j = Journal(CommitJournal.Connected(T0, 1), CommitJournal.Attempt(1, "aa", T0), CommitJournal.Ack(1, "aa", T0, 1),
            CommitJournal.Attempt(2, "bb", T0), CommitJournal.Ack(2, "bb", T0, 1));
        var c = CommitCheck.Compare(j, new Dictionary<long, string> { [1] = "aa", [2] = "bb" });
        Assert.True(c.Ok);
        Assert.Equal(2, c.Acknowledged);
        Assert.Equal(1, j.Connects);
    }

    [Fact]
    public void AMissingOrChangedAcknowledgedRowIsLost()
    {
        var j = Journal(CommitJournal.Attempt(1, "aa", T0), CommitJournal.Ack(1, "aa", T0, 1), CommitJournal.Attempt(2, "bb", T0), CommitJournal.Ack(2, "bb", T0, 1));
        var c = CommitCheck.Compare(j, new Dictionary<long, string> { [2] = "zz" });
        Assert.Equal(2, c.Lost);
        Assert.Equal([1L, 2L], c.LostIds);
        Assert.Equal(1, c.Phantoms); // id 2 holds a value the client never wrote
    }

    [Fact]
    public void ARowNobodyTriedIsAPhantomButAnInDoubtCommitIsNeither()
    {
        var j = Journal(CommitJournal.Attempt(1, "aa", T0), CommitJournal.Error(T0, "connection reset\nby peer"), CommitJournal.Attempt(2, "bb", T0));
        var c = CommitCheck.Compare(j, new Dictionary<long, string> { [1] = "aa", [7] = "cc" });
        Assert.Equal(0, c.Lost);
        Assert.Equal(1, c.Phantoms);
        Assert.Equal([7L], c.PhantomIds);
        Assert.Equal(1, c.InDoubtPresent);
        Assert.Equal(1, c.InDoubtAbsent);
        Assert.Single(j.Errors);
        Assert.Equal("connection reset by peer", j.Errors[0].Text);
    }

    [Fact]
    public void APartialLastLineIsIgnoredAndGarbageIsRefused()
    {
        var j = CommitJournal.Parse(CommitJournal.Attempt(1, "aa", T0) + "\n" + "A 1 a");
        Assert.Empty(j.Acknowledged);
        Assert.Throws<FormatException>(() => CommitJournal.Parse("X what\n"));
    }

    [Fact]
    public void FirstAckAfterFindsTheEarliestCommitAttemptedAndAcknowledgedAfterTheFault()
    {
        var j = Journal(
            CommitJournal.Attempt(1, "a", T0), CommitJournal.Ack(1, "a", T0, 1),
            CommitJournal.Attempt(4, "d", T0.AddMilliseconds(900)), CommitJournal.Ack(4, "d", T0.AddMilliseconds(1010), 1), // in flight at the fault
            CommitJournal.Attempt(2, "b", T0.AddSeconds(2)), CommitJournal.Ack(2, "b", T0.AddSeconds(3), 1),
            CommitJournal.Attempt(3, "c", T0.AddSeconds(1.5)), CommitJournal.Ack(3, "c", T0.AddSeconds(2), 1));
        Assert.Equal(T0.AddSeconds(2), j.FirstAckAfter(T0.AddSeconds(1))?.At);
        Assert.Null(j.FirstAckAfter(T0.AddSeconds(4)));
    }

    [Fact]
    public void InASwitchoverRecoveryEndsWithTheFirstCommitOfTheNewServer()
    {
        // The old server (1) keeps acknowledging for a moment after the standby command at T0+1 s; server 2 takes over.
        var j = Journal(
            CommitJournal.Connected(T0, 1),
            CommitJournal.Attempt(1, "a", T0.AddMilliseconds(1010)), CommitJournal.Ack(1, "a", T0.AddMilliseconds(1030), 1),
            CommitJournal.Attempt(2, "b", T0.AddMilliseconds(1050)), CommitJournal.Ack(2, "b", T0.AddMilliseconds(1070), 1),
            CommitJournal.Attempt(3, "c", T0.AddMilliseconds(1090)), CommitJournal.Error(T0.AddMilliseconds(1500), "server shutdown in progress"),
            CommitJournal.Connected(T0.AddSeconds(3), 2),
            CommitJournal.Attempt(4, "d", T0.AddSeconds(3)), CommitJournal.Ack(4, "d", T0.AddMilliseconds(3020), 2));
        Assert.Equal(T0.AddMilliseconds(1030), j.FirstAckAfter(T0.AddSeconds(1))?.At);
        var onNew = j.FirstAckAfter(T0.AddSeconds(1), server: 2);
        Assert.Equal(new CommitJournal.Acknowledgement("d", T0.AddMilliseconds(3020), 2), onNew);
        Assert.Equal(T0.AddMilliseconds(1070), j.LastAckBefore(onNew!.Value.At, server: 1));
        Assert.Null(j.LastAckBefore(T0.AddSeconds(1), server: 2));
        Assert.Equal([(T0, (int?)1), (T0.AddSeconds(3), 2)], j.Connections);
        Assert.Equal(T0.AddSeconds(3), j.FirstConnectAfter(T0.AddSeconds(1), server: 2));
        Assert.Null(j.FirstConnectAfter(T0.AddSeconds(1), server: 1));
        // Writes stood still from the old server's last commit (1.070 s) to the new one's first (3.020 s).
        Assert.Equal(TimeSpan.FromMilliseconds(1950), j.LongestStall(T0.AddSeconds(1), T0.AddSeconds(4)));
        Assert.Equal(TimeSpan.FromSeconds(1), j.LongestStall(T0.AddSeconds(4), T0.AddSeconds(5))); // nothing acknowledged: the whole span
    }

    [Fact]
    public void AnAcknowledgementWithoutAServerStillCounts()
    {
        var j = Journal("C 1800000000000", CommitJournal.Attempt(1, "a", T0), "A 1 a 1800000000000");
        Assert.Equal(new CommitJournal.Acknowledgement("a", T0, null), j.Acknowledged[1]);
        Assert.Null(j.FirstAckAfter(T0, server: 1));
        Assert.True(CommitCheck.Compare(j, new Dictionary<long, string> { [1] = "a" }).Ok);
    }
}
