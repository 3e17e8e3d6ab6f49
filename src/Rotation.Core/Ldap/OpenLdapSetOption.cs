using System.Runtime.InteropServices;

namespace Rotator.Rotation.Ldap;

/// <summary>libldap's <c>ldap_set_option</c> for a <c>struct timeval</c> value (two 64-bit fields on 64-bit Linux).</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
internal delegate int OpenLdapSetOption(IntPtr ld, int option, long[] timeval);
