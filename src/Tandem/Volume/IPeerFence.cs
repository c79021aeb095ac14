using Tandem.Replication.Core;

namespace Tandem.Volume;

/// <summary>
/// The path to the peer that is not the replication link: heartbeat. A fencing Primary asks the peer through it to
/// mark its copy Outdated, the peer answers through it, and it says whether the peer node is dead.
/// </summary>
public interface IPeerFence
{
    /// <summary>The peer's name, for log lines.</summary>
    string PeerName { get; }

    /// <summary>True once heartbeat has declared the peer dead (deadtime without a word), until it is heard again.</summary>
    bool PeerDead { get; }

    /// <summary>Asks the peer to mark its copy of <paramref name="volume"/> Outdated; the answer comes back through the volume.</summary>
    void AskOutdate(string volume, ulong token);

    /// <summary>Answers the peer's request for <paramref name="volume"/>.</summary>
    void AnswerOutdate(string volume, ulong token, OutdateResult result);
}
