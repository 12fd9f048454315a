// Endpoints of this group are registered by registerMarket (being built).
package server

func (s *Server) registerMarket() {}
