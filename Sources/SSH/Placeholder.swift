internal import CLibSSH2
