/*
 * nss: resolve a user name and a host name through NSS (nsswitch.conf,
 * libnss_files, /etc/passwd, /etc/hosts): files no ELF header names.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>

int
main(int argc, char *argv[])
{
	const char *user = argc > 1 ? argv[1] : "root";
	const char *host = argc > 2 ? argv[2] : "localhost";
	struct addrinfo hints = { .ai_family = AF_INET }, *ai;
	struct sockaddr_in *sin;
	struct passwd *pw;
	char addr[INET_ADDRSTRLEN];

	if ((pw = getpwnam(user)) == NULL) {
		fprintf(stderr, "nss: no user %s\n", user);
		return 1;
	}
	printf("user %s uid %u home %s\n", pw->pw_name, (unsigned)pw->pw_uid,
	    pw->pw_dir);
	if (getaddrinfo(host, NULL, &hints, &ai) != 0) {
		fprintf(stderr, "nss: no host %s\n", host);
		return 1;
	}
	sin = (struct sockaddr_in *)ai->ai_addr;
	inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr));
	printf("host %s address %s\n", host, addr);
	freeaddrinfo(ai);
	return 0;
}
