using Tandem.Lab;

namespace Tandem.Tests.Unit.Lab;

public sealed class CommitCheckTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    static CommitJournal Journal(params string[] lines) => CommitJournal.Parse(string.Join('\n', lines) + "\n");

    [Fact]
    public void EveryAcknowledgedRowPresentIsClean()
    {
        var j = Journal(CommitJournal.Connected(T0), CommitJournal.Attempt(1, "aa", T0), CommitJournal.Ack(1, "aa", T0),
            CommitJournal.Attempt(2, "bb", T0), CommitJournal.Ack(2, "bb", T0));
        var c = CommitCheck.Compare(j, new Dictionary<long, string> { [1] = "aa", [2] = "bb" });
        Assert.True(c.Ok);
        Assert.Equal(2, c.Acknowledged);
        Assert.Equal(1, j.Connects);
    }

    [Fact]
    public void AMissingOrChangedAcknowledgedRowIsLost()
    {
        var j = Journal(CommitJournal.Attempt(1, "aa", T0), CommitJournal.Ack(1, "aa", T0), CommitJournal.Attempt(2, "bb", T0), CommitJournal.Ack(2, "bb", T0));
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
            CommitJournal.Attempt(1, "a", T0), CommitJournal.Ack(1, "a", T0),
            CommitJournal.Attempt(4, "d", T0.AddMilliseconds(900)), CommitJournal.Ack(4, "d", T0.AddMilliseconds(1010)), // in flight at the fault
            CommitJournal.Attempt(2, "b", T0.AddSeconds(2)), CommitJournal.Ack(2, "b", T0.AddSeconds(3)),
            CommitJournal.Attempt(3, "c", T0.AddSeconds(1.5)), CommitJournal.Ack(3, "c", T0.AddSeconds(2)));
        Assert.Equal(T0.AddSeconds(2), j.FirstAckAfter(T0.AddSeconds(1)));
        Assert.Null(j.FirstAckAfter(T0.AddSeconds(4)));
    }
}
