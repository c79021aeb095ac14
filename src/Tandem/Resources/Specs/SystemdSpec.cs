namespace Tandem.Resources.Specs;

/// <summary><c>systemd:UNIT</c>: a systemd unit started and stopped with systemctl.</summary>
public sealed record SystemdSpec(string Id, string Unit) : ResourceSpec(Id)
{
    public override string Kind => "systemd";
}
