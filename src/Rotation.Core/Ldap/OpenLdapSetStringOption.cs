using System.Runtime.InteropServices;

namespace Rotator.Rotation.Ldap;

/// <summary>libldap's <c>ldap_set_option</c> for a string value (libldap copies it).</summary>
[UnmanagedFunctionPointer(CallingConvention.Cdecl)]
internal delegate int OpenLdapSetStringOption(IntPtr ld, int option, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);
