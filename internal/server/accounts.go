// Endpoints of this group are registered by registerAccounts (being built).
package server

func (s *Server) registerAccounts() {}
