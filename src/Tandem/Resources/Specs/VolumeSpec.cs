namespace Tandem.Resources.Specs;

/// <summary><c>volume::RES</c>: the volume is Primary here while the group runs (DRBD's drbddisk).</summary>
public sealed record VolumeSpec(string Id, string Volume) : ResourceSpec(Id)
{
    public override string Kind => "volume";
}
