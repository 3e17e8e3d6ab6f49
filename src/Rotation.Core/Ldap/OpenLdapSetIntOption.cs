using System.Runtime.InteropServices;

namespace Rotator.Rotation.Ldap;

/// <summary>libldap's <c>ldap_set_option</c> for an <c>int</c> value.</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
internal delegate int OpenLdapSetIntOption(IntPtr ld, int option, ref int value);
