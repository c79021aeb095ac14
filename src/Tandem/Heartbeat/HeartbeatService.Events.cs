namespace Tandem.Heartbeat;

/// <summary>Runs the state machine under the lock and hands each event to the log, the journal and subscribers.</summary>
public sealed partial class HeartbeatService
{
    void Apply(MembershipInput input)
    {
        lock (_lock)
        {
            var events = _machine!.Apply(input, _time.GetElapsedTime(_startTimestamp));
            _peerState = _machine.PeerState;
            foreach (var e in events)
                Publish(e);
        }
    }

    void Publish(MembershipEvent e)
    {
        switch (e)
        {
            case MembershipEvent.NodeChanged n:
                _log.NodeChanged(n.Node, n.From, n.To, n.Text);
                _journal.Add(n.Text);
                break;
            case MembershipEvent.LinkChanged l:
                _log.LinkChanged(l.Node, l.Link, l.From, l.To, l.Text);
                _journal.Add(l.Text);
                break;
            case MembershipEvent.LateHeartbeat late:
                _log.Late(late.Text);
                _journal.Add(late.Text);
                break;
            case MembershipEvent.PeerRestarted r:
                _log.Restarted(r.Text);
                _journal.Add(r.Text);
                break;
            case MembershipEvent.Dropped d:
                // The 1st, 10th, 100th... of a kind per link reach the log and the journal; the rest only the counters.
                if (IsPowerOfTen(d.Count))
                {
                    _log.Dropped(d.Text, d.Count);
                    _journal.Add(d.Count == 1 ? d.Text : $"{d.Text} ({d.Count} so far on this link)");
                }
                else
                    _log.DroppedAgain(d.Text, d.Count);
                break;
            default:
                throw new InvalidOperationException($"unhandled membership event {e.GetType().Name}");
        }
        try { Changed?.Invoke(e); }
        catch (Exception ex) { _log.SubscriberFailed(e.Text, ex); }
    }

    static bool IsPowerOfTen(long n)
    {
        while (n >= 10 && n % 10 == 0)
            n /= 10;
        return n == 1;
    }
}
