namespace Tandem.Volume;

/// <summary>A volume's role, with DRBD's names. Only a Primary serves I/O.</summary>
public enum Role
{
    Unknown,
    Secondary,
    Primary,
}
